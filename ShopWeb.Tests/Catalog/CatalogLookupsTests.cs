using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Catalog;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog;

/// <summary>A shop of its own: the test moves its clock on.</summary>
public sealed class CatalogLookupsTests : IDisposable
{
    private readonly ShopFactory factory = new();

    /// <summary>
    /// A change written to the store where no message to forget can come from (a <c>catalog import</c> run from the
    /// command line beside a shop without Redis): the counts and the ids search leaves out were held for ever before.
    /// </summary>
    [Fact]
    public async Task A_change_no_message_announced_is_read_once_the_lookups_lifetime_is_over()
    {
        var category = await factory.CreateCategoryAsync();
        var product = await factory.CreateProductAsync(category, "Lamp " + CatalogSteps.Marker(), 1290, 5);
        var lookups = factory.Services.GetRequiredService<CatalogLookups>();
        Task<(int OnSale, bool LeftOutOfSearch)> ReadAsync() => factory.WithDbAsync(async db =>
            (await lookups.OnSaleCountAsync(db, category.Id), (await lookups.UnpublishedIdsAsync(db))?.Contains(product.Id) == true));

        Assert.Equal((1, false), await ReadAsync());
        await factory.WithDbAsync(db => db.Products.Where(p => p.Id == product.Id).ExecuteUpdateAsync(set => set.SetProperty(p => p.IsPublished, false)));

        factory.Clock.Advance(AnonymousPagePolicy.Lifetime - TimeSpan.FromSeconds(1));
        Assert.Equal((1, false), await ReadAsync()); // still held: no message came

        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((0, true), await ReadAsync());
    }

    public void Dispose() => factory.Dispose();
}
