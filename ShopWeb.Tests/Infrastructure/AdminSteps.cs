using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Data;

namespace ShopWeb.Tests.Infrastructure;

public static class AdminSteps
{
    /// <summary>A browser signed in as the shop's configured admin.</summary>
    public static async Task<ShopBrowser> SignedInAdminAsync(this ShopFactory factory, bool followRedirects = true)
    {
        var browser = factory.CreateBrowser(followRedirects);
        var page = await browser.SignInAsync(ShopFactory.AdminEmail, ShopFactory.AdminPassword);
        Assert.True(followRedirects ? page.IsSignedIn() : page.Status == System.Net.HttpStatusCode.Redirect, "the admin signs in");
        return browser;
    }

    /// <summary>Gives an account the admin role directly in the store, to arrange a test quickly.</summary>
    /// <returns>The account's id.</returns>
    public static async Task<string> MakeAdminAsync(this ShopFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account {email}.");
        if (!await users.IsInRoleAsync(user, ShopWeb.Admin.AdminBootstrap.Role))
        {
            Assert.True((await users.AddToRoleAsync(user, ShopWeb.Admin.AdminBootstrap.Role)).Succeeded);
        }

        return user.Id;
    }

    /// <summary>The smallest valid PNG: a 1×1 transparent pixel.</summary>
    public static byte[] TinyPng { get; } = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
}
