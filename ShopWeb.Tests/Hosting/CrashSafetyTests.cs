using System.Diagnostics;
using ShopWeb.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ShopWeb.Tests.Hosting;

/// <summary>
/// The published app killed with SIGKILL again and again while guests check out over real HTTP, and started again on
/// the same SQLite file each time: a power cut, many times over, must cost no confirmed order and no stock.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper log) : IDisposable
{
    private const int Kills = 10;

    /// <summary>Some run out during the test, so "never sells what it does not have" is tried as well.</summary>
    private static readonly int[] ScarceStock = [3, 10, 25, 50, 100, 400];

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("shopweb-crash-");

    private string Database => Path.Combine(folder.FullName, "shop.db");

    [SqliteOnlyFact("it checks that SQLite's write-ahead log brings the file back after a SIGKILL (PRAGMA integrity_check).")]
    public async Task Killed_mid_checkout_again_and_again_the_shop_keeps_every_confirmed_order_and_its_stock_adds_up()
    {
        var dll = await PublishedApp.DllAsync();
        var port = AppProcess.FreePort();
        await using (var first = AppProcess.StartShop(dll, folder.FullName, port))
        {
            await first.WaitUntilListeningAsync(); // it has started once the store is made and seeded
        }

        var slugs = await GiveScarceStockAsync();
        var stockBefore = await StockAsync();
        await using var shoppers = GuestShoppers.Start(new Uri($"http://127.0.0.1:{port}/"), slugs, count: 4);
        var confirmedPerLife = await KillAgainAndAgainAsync(dll, port, shoppers);
        await shoppers.StopAsync();

        var confirmed = shoppers.Confirmed;
        log.WriteLine($"{Kills} kills; {confirmed.Count} orders confirmed; {shoppers.CutOff} purchases cut off, {shoppers.CutOffWhilePlacing} of them while placing the order");
        Assert.Equal(["ok"], await SqliteFile.QueryAsync(Database, "PRAGMA integrity_check", r => r.GetString(0)));

        var stored = await SqliteFile.OrdersAsync(Database);
        Assert.All(confirmed, order =>
        {
            Assert.True(stored.TryGetValue(order.Number, out var lines), $"confirmed order {order.Number} is in the store");
            Assert.Equal(order.Lines.OrderBy(l => l.Key), lines.OrderBy(l => l.Key));
        });
        Assert.DoesNotContain(stored, order => order.Value.Count == 0);

        var stockAfter = await StockAsync();
        var sold = await SqliteFile.QueryAsync(Database, "SELECT VariantId, SUM(Quantity) FROM OrderLines GROUP BY VariantId", r => (Id: r.GetInt32(0), Units: r.GetInt32(1)));
        Assert.DoesNotContain(stockAfter, product => product.Value < 0);
        var unaccounted = stockBefore
            .Select(p => (Id: p.Key, Before: p.Value, Left: stockAfter[p.Key], Sold: sold.Where(s => s.Id == p.Key).Sum(s => s.Units)))
            .Where(p => p.Left + p.Sold != p.Before)
            .Select(p => $"variant {p.Id}: {p.Before} before, {p.Left} left and {p.Sold} sold")
            .ToList();
        Assert.Empty(unaccounted);

        Assert.Empty(shoppers.Unexpected);
        Assert.All(confirmedPerLife, confirmedInLife => Assert.True(confirmedInLife > 0, "every start after a kill took orders again"));
        Assert.True(shoppers.CutOffWhilePlacing > 0, "some kills came while an order was being placed");
    }

    /// <returns>How many orders each life of the shop confirmed.</returns>
    private async Task<List<int>> KillAgainAndAgainAsync(string dll, int port, GuestShoppers shoppers)
    {
        var confirmedPerLife = new List<int>();
        for (var kill = 0; kill < Kills; kill++)
        {
            var clock = Stopwatch.StartNew();
            await using var app = AppProcess.StartShop(dll, folder.FullName, port);
            await app.WaitUntilListeningAsync();
            var listening = clock.ElapsedMilliseconds;
            var before = shoppers.Confirmed.Count;

            // Killed once this life has confirmed an order, at a moment that falls anywhere in the stream of checkouts.
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (shoppers.Confirmed.Count == before && !patience.IsCancellationRequested)
            {
                await Task.Delay(20);
            }

            var flowing = clock.ElapsedMilliseconds;
            await Task.Delay(Random.Shared.Next(0, 1000));
            await app.KillAsync();
            confirmedPerLife.Add(shoppers.Confirmed.Count - before);
            log.WriteLine($"life {kill}: listening after {listening} ms, first order after {flowing} ms, killed after {clock.ElapsedMilliseconds} ms, {confirmedPerLife[^1]} confirmed");
        }

        return confirmedPerLife;
    }

    /// <returns>The slugs of the products the shoppers buy: products sold as one variant, which their page adds to the cart.</returns>
    private async Task<List<string>> GiveScarceStockAsync()
    {
        var variants = await SqliteFile.QueryAsync(Database, $"""
            SELECT v.Id, p.Slug FROM ProductVariants v JOIN Products p ON p.Id = v.ProductId
            WHERE p.IsPublished = 1 AND (SELECT COUNT(*) FROM ProductVariants o WHERE o.ProductId = p.Id) = 1
            ORDER BY p.Id LIMIT {ScarceStock.Length}
            """, r => (Id: r.GetInt32(0), Slug: r.GetString(1)));
        await SqliteFile.ExecuteAsync(Database, string.Concat(variants.Select((v, i) => $"UPDATE ProductVariants SET Stock = {ScarceStock[i]} WHERE Id = {v.Id};")));
        return variants.Select(v => v.Slug).ToList();
    }

    private async Task<Dictionary<int, int>> StockAsync() =>
        (await SqliteFile.QueryAsync(Database, "SELECT Id, Stock FROM ProductVariants", r => (Id: r.GetInt32(0), Stock: r.GetInt32(1)))).ToDictionary(v => v.Id, v => v.Stock);

    public void Dispose() => folder.Delete(recursive: true);
}
