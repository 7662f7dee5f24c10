using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Admin;

public sealed class AdminCategoriesTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Two_admins_adding_the_same_category_address_at_once_make_one_and_the_other_is_told_why()
    {
        using var admin = await factory.SignedInAdminAsync();
        for (var round = 0; round < 3; round++)
        {
            var slug = "race-" + CatalogSteps.Marker();
            var forms = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => admin.GetAsync("/admin/categories")));

            var answers = await Task.WhenAll(forms.Select(form => admin.SubmitAsync(form, "#category",
                new Dictionary<string, string> { ["Input.Name"] = "Raced " + slug, ["Input.Slug"] = slug }, button: "Save category")));

            Assert.All(answers, page => Assert.Equal(HttpStatusCode.OK, page.Status));
            Assert.Contains(answers, page => page.Body.Contains("Another category already has this address.", StringComparison.Ordinal));
            Assert.Equal(1, await factory.WithDbAsync(db => db.Categories.CountAsync(c => c.Slug == slug)));
        }
    }
}
