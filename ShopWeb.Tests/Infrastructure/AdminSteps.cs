using System.Net.Http.Headers;
using AngleSharp.Html.Dom;
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

    /// <summary>Every admin page, from the app's own endpoints (<see cref="ShopPages"/>), so a new one is covered too.</summary>
    public static IEnumerable<ShopPage> AdminPages(this ShopFactory factory) =>
        factory.Pages().Where(p => p.Template.StartsWith("/admin", StringComparison.OrdinalIgnoreCase));

    /// <summary>Each admin page's address, in the order of <see cref="AdminPages"/>, with real ids (arranged here) where its route needs one.</summary>
    public static async Task<List<string>> AdminUrlsAsync(this ShopFactory factory)
    {
        var (productId, orderNumber, userId) = await SampleIdsAsync(factory);
        return factory.AdminPages().Select(p => p.Template
                .Replace("{id:int?}", productId, StringComparison.Ordinal)
                .Replace("{id:int}", productId, StringComparison.Ordinal)
                .Replace("{number}", orderNumber, StringComparison.Ordinal)
                .Replace("{id}", userId, StringComparison.Ordinal))
            .ToList();
    }

    private static async Task<(string ProductId, string OrderNumber, string UserId)> SampleIdsAsync(ShopFactory factory)
    {
        var email = await factory.CreateAccountAsync();
        var category = await factory.CreateCategoryAsync();
        var product = await factory.CreateProductAsync(category, "Sample", stock: 5);
        using var browser = factory.CreateBrowser();
        await browser.SignInAsync(email);
        await browser.AddToCartAsync(product);
        await browser.CheckoutAsync(CheckoutSteps.GuestFields(email));
        return await factory.WithDbAsync(async db => (
            product.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Orders.Where(o => o.Email == email).Select(o => o.Number)),
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Users.Where(u => u.Email == email).Select(u => u.Id))));
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

    /// <summary>Saves the admin's product form at <paramref name="url"/> with these fields, and an image file when given.</summary>
    public static async Task<HtmlPage> SaveProductAsync(this ShopBrowser admin, string url, Dictionary<string, string> fields, (string Name, byte[] Bytes)? image = null)
    {
        var page = await admin.GetAsync(url);
        var form = page.Form("#product");
        if (image is null)
        {
            return await admin.SubmitAsync(page, "#product", fields);
        }

        // A file field: the multipart body is built from the form's own fields plus the file, as a browser does.
        using var content = new MultipartFormDataContent();
        foreach (var input in form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type is "hidden" or "text" or "number" || (i.Type == "checkbox" && i.IsChecked)))
        {
            content.Add(new StringContent(fields.GetValueOrDefault(input.Name!, input.Value)), input.Name!);
        }

        foreach (var (key, value) in fields.Where(f => form.Elements.OfType<IHtmlInputElement>().All(i => i.Name != f.Key)))
        {
            content.Add(new StringContent(value), key);
        }

        var file = new ByteArrayContent(image.Value.Bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("image/png");
        content.Add(file, "Image", image.Value.Name);
        return await HtmlPage.ReadAsync(await admin.Client.PostAsync(url, content));
    }
}
