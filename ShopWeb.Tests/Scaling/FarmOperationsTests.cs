using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using Npgsql;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Scaling;

/// <summary>
/// What an operator sees of the farm: the Prometheus deploy/farm.sh starts, and /admin/system. The farm sends mail
/// over SMTP to a sink of this class, so that a test can stop the mail server.
/// </summary>
public sealed class FarmOperationsTests(FarmOperationsTests.OperatedFarm farm) : IClassFixture<FarmOperationsTests.OperatedFarm>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public sealed class OperatedFarm : Farm, IDisposable
    {
        private SmtpSink? smtp;

        public OperatedFarm()
            : this(AppProcess.FreePort())
        {
        }

        private OperatedFarm(int smtpPort)
            : base(new Dictionary<string, string>
            {
                ["Admin__Email"] = ShopFactory.AdminEmail,
                ["Admin__Password"] = ShopFactory.AdminPassword,
                ["Admin__RequireTwoFactor"] = "false",
                ["Identity__RequireConfirmedEmail"] = "false",
                ["Email__Smtp__Host"] = "127.0.0.1",
                ["Email__Smtp__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
                ["Email__Smtp__UseTls"] = "false",
            }) =>
            smtp = Enabled ? new SmtpSink(smtpPort) : null;

        /// <summary>The mail server goes down (for good: this farm's tests do not need it back).</summary>
        public void StopSmtp() => Interlocked.Exchange(ref smtp, null)?.DisposeAsync().AsTask().GetAwaiter().GetResult();

        void IDisposable.Dispose()
        {
            StopSmtp();
            Dispose();
        }
    }

    [FarmFact]
    public async Task Prometheus_has_the_orders_placed_of_both_instances_and_their_sum_is_the_orders_in_the_store()
    {
        var slug = await NewProductAsync();
        await using var db = new NpgsqlConnection(farm.Database);
        await db.OpenAsync();

        // Guests check out through nginx until each instance has placed an order (which one places it is nginx's turn).
        Dictionary<string, long> placed = [];
        for (var i = 0; i < 20 && placed.Count < 2; i++)
        {
            using var guest = ShopBrowser.Over(farm.Url);
            Assert.NotNull(await guest.TryAddToCartAsync(slug));
            Assert.StartsWith("Thank you", (await guest.CheckoutAsync(CheckoutSteps.GuestFields($"ops-{i}-{slug}@example.com"))).Heading, StringComparison.Ordinal);
            var inStore = await FarmTests.ScalarAsync(db, "SELECT count(*) FROM \"Orders\"");
            placed = await UntilAsync(() => OrdersPlacedAsync(), p => p.Values.Sum() == inStore); // the next scrape, within a second or two
        }

        Assert.Equal(["instance-1", "instance-2"], placed.Keys.Order());
        Assert.All(placed.Values, count => Assert.True(count > 0));
        Assert.Equal(await FarmTests.ScalarAsync(db, "SELECT count(*) FROM \"Orders\""), placed.Values.Sum());
    }

    [FarmFact]
    public async Task The_system_page_shows_both_instances_and_the_outbox_backlog_rising_while_smtp_is_down()
    {
        using var admin = await FarmTests.AdminAsync(farm.Url);
        var page = await UntilAsync(() => admin.GetAsync("/admin/system"), p => LiveInstances(p).Count == 2 && Backlogs(p).All(b => b == 0));
        Assert.Equal(["instance-1", "instance-2"], LiveInstances(page).Order());
        foreach (var instance in page.Document.QuerySelectorAll("section.instance"))
        {
            Assert.StartsWith("reachable, ", instance.QuerySelector(".redis")!.TextContent, StringComparison.Ordinal);
            Assert.StartsWith("reachable, ", instance.QuerySelector(".store")!.TextContent, StringComparison.Ordinal);
        }

        farm.StopSmtp();
        var slug = await NewProductAsync();
        using var guest = ShopBrowser.Over(farm.Url);
        await guest.TryAddToCartAsync(slug);
        var email = $"ops-smtp-{slug}@example.com";
        Assert.StartsWith("Thank you", (await guest.CheckoutAsync(CheckoutSteps.GuestFields(email))).Heading, StringComparison.Ordinal);

        // The confirmation stays queued: the sender tried and failed, and both instances report it.
        await using var db = new NpgsqlConnection(farm.Database);
        await db.OpenAsync();
        await UntilAsync(() => FarmTests.ScalarAsync(db, $"SELECT count(*) FROM \"OutboxEmails\" WHERE \"To\" = '{email}' AND \"Status\" = 0 AND \"Attempts\" > 0"), n => n == 1);
        var after = await UntilAsync(() => admin.GetAsync("/admin/system"), p => Backlogs(p).Count == 2 && Backlogs(p).All(b => b >= 1));
        Assert.Equal(["instance-1", "instance-2"], LiveInstances(after).Order());
    }

    private static List<string> LiveInstances(HtmlPage page) =>
        [.. page.Document.QuerySelectorAll("section.instance").Where(s => !s.QuerySelector("h2")!.TextContent.Contains("(stale)", StringComparison.Ordinal))
            .Select(s => s.GetAttribute("data-instance")!)];

    private static List<int> Backlogs(HtmlPage page) =>
        [.. page.Document.QuerySelectorAll("section.instance .outbox-backlog").Select(b => int.Parse(b.TextContent, CultureInfo.InvariantCulture))];

    /// <summary>shop_orders_placed_total per instance, as Prometheus's HTTP API answers an instant query.</summary>
    private async Task<Dictionary<string, long>> OrdersPlacedAsync()
    {
        using var client = new HttpClient();
        var query = Uri.EscapeDataString("sum by (shop_instance) (shop_orders_placed_total{job=\"shopweb\"})");
        var answer = await client.GetFromJsonAsync<JsonElement>($"{farm.Prometheus}/api/v1/query?query={query}");
        Assert.Equal("success", answer.GetProperty("status").GetString());
        return answer.GetProperty("data").GetProperty("result").EnumerateArray().ToDictionary(
            r => r.GetProperty("metric").GetProperty("shop_instance").GetString()!,
            r => long.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture));
    }

    private async Task<string> NewProductAsync()
    {
        using var admin = await FarmTests.AdminAsync(farm.Url);
        var slug = "farm-" + CatalogSteps.Marker();
        await admin.SaveProductAsync("/admin/products/edit", new()
        {
            ["Input.Name"] = "Farm Teapot " + slug, ["Input.Slug"] = slug, ["Input.Price"] = "14.50",
            ["Input.CategoryId"] = await FarmTests.CategoryIdAsync(admin), ["Input.Stock"] = "100",
        });
        return slug;
    }

    /// <summary>Asks again until the answer is as expected or <see cref="Patience"/> runs out; then the last answer is returned, for the assertion to say what it was.</summary>
    private static async Task<T> UntilAsync<T>(Func<Task<T>> ask, Func<T, bool> expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var answer = await ask();
            if (expected(answer) || DateTime.UtcNow > deadline)
            {
                return answer;
            }

            await Task.Delay(250);
        }
    }
}
