using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Catalog;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog;

/// <summary>
/// A change that commits while a page is being rendered from the old data: the eviction came too early for that
/// copy, so the copy must not be kept, or it would stay stale until it expires.
/// </summary>
public sealed class OutputCacheRaceTests : IDisposable
{
    private readonly ChangeWhileReading change = new();
    private readonly ShopFactory factory;

    public OutputCacheRaceTests() =>
        factory = new ShopFactory(settings: null, services: services => ShopFactory.AddStoreInterceptor(services, change));

    [Fact]
    public async Task A_page_rendered_across_a_change_is_not_kept()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Lantern", stock: 5);
        var url = $"/products/{product.Slug}";
        change.When(product.Slug, () => factory.Services.GetRequiredService<CatalogCache>().StockChangedAsync([product.Id]));
        using var browser = factory.CreateBrowser();

        var across = await browser.GetAsync(url);
        Assert.Equal("Lantern", across.Heading);
        Assert.True(change.Happened);

        Assert.Null((await browser.GetAsync(url)).Response.Headers.Age);
        Assert.NotNull((await browser.GetAsync(url)).Response.Headers.Age);
    }

    public void Dispose() => factory.Dispose();

    /// <summary>Runs a change, once, as a query reading the given slug is about to run.</summary>
    private sealed class ChangeWhileReading : DbCommandInterceptor
    {
        private string? slug;
        private Func<Task>? action;

        public bool Happened { get; private set; }

        public void When(string slugRead, Func<Task> then) => (slug, action) = (slugRead, then);

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (action is { } run && command.Parameters.Cast<DbParameter>().Any(p => Equals(p.Value, slug)))
            {
                action = null;
                await run();
                Happened = true;
            }

            return await base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
