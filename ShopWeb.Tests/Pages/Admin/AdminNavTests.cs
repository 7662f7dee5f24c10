using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Admin;

/// <summary>The admin menu says where the admin is, to a screen reader as to the eye.</summary>
public sealed class AdminNavTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Theory]
    [InlineData("/admin", "Dashboard", "page")]
    [InlineData("/admin/orders", "Orders", "page")]
    [InlineData("/admin/products/edit", "Products", "true")]
    [InlineData("/admin/emails?status=failed", "Emails", "page")]
    public async Task The_menu_marks_the_section_of_the_page_and_only_that(string url, string section, string current)
    {
        using var admin = await factory.SignedInAdminAsync();

        var page = await admin.GetAsync(url);

        var marked = page.Document.QuerySelectorAll("nav[aria-label=Admin] a[aria-current]").Select(a => (a.TextContent, a.GetAttribute("aria-current"))).ToList();
        Assert.Equal([(section, current)], marked);
    }
}
