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

    /// <summary>The smallest valid PNG: a 1×1 transparent pixel.</summary>
    public static byte[] TinyPng { get; } = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
}
