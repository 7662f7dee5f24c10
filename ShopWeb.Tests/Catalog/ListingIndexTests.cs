using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Catalog;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog;

/// <summary>
/// Every way the catalog lists products is read from an index, in order: no listing sorts or scans the products
/// table, so a page costs the same with 66 products as with 100,000. (Search results are ordered by relevance,
/// which no index holds; they are sorted after the search index found them.)
/// </summary>
public sealed class ListingIndexTests : IDisposable
{
    private readonly QueryRecorder recorder = new();
    private readonly ShopFactory factory;

    public ListingIndexTests() =>
        factory = new ShopFactory(settings: null, services: services => ShopFactory.AddStoreInterceptor(services, recorder));

    public static TheoryData<string> Listings()
    {
        var data = new TheoryData<string> { "/" };
        foreach (var category in new[] { "", "&category=kitchen" })
        {
            foreach (var sort in new[] { "featured", "price-asc", "price-desc", "newest", "name" })
            {
                data.Add($"/products?sort={sort}{category}");
            }
        }

        return data;
    }

    [SqliteOnlyTheory("it reads SQLite's query plans")]
    [MemberData(nameof(Listings))]
    public async Task A_listing_reads_its_page_from_an_index_without_sorting(string url)
    {
        using var browser = factory.CreateBrowser();
        await factory.Services.GetRequiredService<CatalogCache>().CatalogChangedAsync(); // the featured products are held in memory
        recorder.Clear();
        var page = await browser.GetAsync(url);
        Assert.NotEmpty(page.Document.QuerySelectorAll(".product-tile"));

        var productQueries = recorder.Commands.Where(c => c.Sql.Contains("FROM \"Products\"", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(productQueries);
        foreach (var query in productQueries)
        {
            var plan = await PlanAsync(query);
            Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, step => step.StartsWith("SCAN p", StringComparison.Ordinal) && !step.Contains("INDEX", StringComparison.Ordinal));
        }
    }

    private async Task<List<string>> PlanAsync(RecordedCommand query)
    {
        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + query.Sql;
        foreach (var (name, value) in query.Parameters)
        {
            explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var steps = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            steps.Add(reader.GetString(reader.GetOrdinal("detail")));
        }

        return steps;
    }

    public void Dispose() => factory.Dispose();

    private sealed record RecordedCommand(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters);

    private sealed class QueryRecorder : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<RecordedCommand> commands = new();

        public IReadOnlyList<RecordedCommand> Commands => [.. commands];

        public void Clear() => commands.Clear();

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Record(command);
            return base.ReaderExecuting(command, eventData, result);
        }

        private void Record(DbCommand command) => commands.Enqueue(new RecordedCommand(
            command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value))]));
    }
}
