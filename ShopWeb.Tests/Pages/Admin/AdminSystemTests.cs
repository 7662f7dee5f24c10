using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Admin.Instances;
using ShopWeb.Data;
using ShopWeb.Infrastructure;
using ShopWeb.Tests.Infrastructure;
using ShopWeb.Tests.Payments;

namespace ShopWeb.Tests.Pages.Admin;

/// <summary>/admin/system on one instance (the farm's two are in Scaling/FarmOperationsTests).</summary>
public sealed class AdminSystemTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task The_page_shows_this_instance_with_every_section_and_is_linked_from_the_admin_menu()
    {
        using var admin = await factory.SignedInAdminAsync();
        var dashboard = await admin.GetAsync("/admin");
        Assert.NotNull(dashboard.Find("nav[aria-label=Admin] a[href='/admin/system']"));

        var page = await admin.GetAsync("/admin/system");

        Assert.Equal("System", page.Heading);
        var instance = Assert.Single(page.Document.QuerySelectorAll("section.instance"));
        Assert.DoesNotContain("(stale)", instance.QuerySelector("h2")!.TextContent, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(instance.QuerySelector(".version")?.TextContent));
        Assert.Matches(@"^\d+ (s|min|h|d)", instance.QuerySelector(".uptime")!.TextContent);
        Assert.Matches(@"^reachable, [\d.,]+ ms$", instance.QuerySelector(".store")!.TextContent);
        Assert.Equal("not used", instance.QuerySelector(".redis")!.TextContent);
        Assert.NotNull(instance.QuerySelector(".outbox-backlog"));
        Assert.Equal("none", instance.QuerySelector(".card-order")!.TextContent);
        Assert.Equal("none received", instance.QuerySelector(".webhook")!.TextContent);
        Assert.NotNull(instance.QuerySelector("table.traffic tr[data-group='/admin']")); // the dashboard just opened
    }

    [Fact]
    public async Task Shoppers_are_refused_and_visitors_sent_to_sign_in()
    {
        var (shopper, _) = await factory.SignedInShopperAsync();
        using var _ = shopper;
        Assert.Equal(HttpStatusCode.Forbidden, (await shopper.GetAsync("/admin/system")).Status);

        using var visitor = factory.CreateBrowser(followRedirects: false);
        var answer = await visitor.Client.GetAsync("/admin/system");
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith("/account/login?ReturnUrl=", answer.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Requests_and_p99_per_page_group_come_from_the_requests_this_instance_served_in_the_last_five_minutes()
    {
        using var shop = new ShopFactory(); // a shop of its own, so that no other test's requests count
        var product = await shop.CreateProductAsync(await shop.CreateCategoryAsync(), "Timed");
        using var visitor = shop.CreateBrowser();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/products/{product.Slug}")).Status);
        }

        using var admin = await shop.SignedInAdminAsync();
        var row = (await admin.GetAsync("/admin/system")).Find("table.traffic tr[data-group='/products/{slug}']")!;
        var waited = watch.Elapsed;

        Assert.Equal("12", row.QuerySelector(".requests")!.TextContent);
        // 12 over the time the window covers: this instance has run for less than a minute (at least a second is counted).
        Assert.InRange(double.Parse(row.QuerySelector(".per-minute")!.TextContent, CultureInfo.InvariantCulture), 12, 720);
        var p99 = double.Parse(row.QuerySelector(".p99")!.TextContent.Replace(" ms", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture);
        // A request's server time ends after its work past the last byte (the scope's disposal, the request log), so one
        // may outlast what the client waited for it (a cold first request did, by over 16 ms); all of them lie within the
        // time from the first request to the system page's answer. The bins read at most 10% high.
        Assert.InRange(p99, 0.1, (waited.TotalMilliseconds * 1.1) + 0.1);

        shop.Clock.Advance(TimeSpan.FromMinutes(6)); // out of the window
        var later = await admin.GetAsync("/admin/system");
        Assert.Null(later.Find("table.traffic tr[data-group='/products/{slug}']"));
    }

    [Fact]
    public async Task An_instance_not_heard_from_for_a_minute_is_listed_after_the_live_ones_and_marked_stale()
    {
        var quiet = "quiet-" + CatalogSteps.Marker();
        var lastWord = factory.Clock.GetUtcNow().AddMinutes(-2);
        await factory.WithDbAsync(async db =>
        {
            db.InstanceStatuses.Add(new InstanceStatus
            {
                Instance = quiet, Version = "1.0", StartedAt = lastWord.AddHours(-1), PublishedAt = lastWord,
                OutboxBacklog = 2, OldestQueuedEmailAt = lastWord.AddMinutes(-5),
            });
            await db.SaveChangesAsync();
            return 0;
        });
        using var admin = await factory.SignedInAdminAsync();

        var sections = (await admin.GetAsync("/admin/system")).Document.QuerySelectorAll("section.instance");

        var stale = sections.Single(s => s.GetAttribute("data-instance") == quiet);
        Assert.Equal($"{quiet} (stale)", stale.QuerySelector("h2")!.TextContent);
        Assert.Matches($@"^{Regex.Escape(TimeFormat.Text(lastWord))}, [23] min \d+ s ago$", stale.QuerySelector(".last-report")!.TextContent); // the clock runs on
        Assert.Equal("1 h 0 min (since " + TimeFormat.Text(lastWord.AddHours(-1)) + ")", stale.QuerySelector(".uptime")!.TextContent);
        Assert.Equal("2 emails waiting, the oldest for 5 min 0 s", stale.QuerySelector(".outbox")!.TextContent);
        Assert.DoesNotContain("(stale)", sections[0].QuerySelector("h2")!.TextContent, StringComparison.Ordinal); // this instance, first
    }

    [Theory]
    [InlineData(null, 0)] // machine and process id: never back under that name
    [InlineData("instance-a", 1)] // a farm's instance: shown stale until it is back
    public async Task An_instance_that_stops_takes_its_row_with_it_unless_it_has_a_name_to_come_back_under(string? name, int rowsAfter)
    {
        using var shop = new ShopFactory(new Dictionary<string, string?> { ["Shop:InstanceName"] = name });
        using (var admin = await shop.SignedInAdminAsync())
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/system")).Status); // writes this instance's row
        }

        var publisher = shop.Services.GetRequiredService<InstanceStatusPublisher>();
        Assert.Equal(1, await shop.WithDbAsync(db => db.InstanceStatuses.CountAsync(s => s.Instance == publisher.Instance)));

        await publisher.StopAsync(CancellationToken.None); // as the host stops it

        Assert.Equal(rowsAfter, await shop.WithDbAsync(db => db.InstanceStatuses.CountAsync(s => s.Instance == publisher.Instance)));
    }

    [Fact]
    public async Task A_stop_out_of_time_leaves_the_row_and_still_stops_cleanly()
    {
        // The host's shutdown time spent (a store that hangs): the row stays, shown stale, and no exception ends the process.
        using var shop = new ShopFactory();
        using (var admin = await shop.SignedInAdminAsync())
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/system")).Status);
        }

        var publisher = shop.Services.GetRequiredService<InstanceStatusPublisher>();
        await publisher.StopAsync(new CancellationToken(canceled: true));

        Assert.Equal(1, await shop.WithDbAsync(db => db.InstanceStatuses.CountAsync(s => s.Instance == publisher.Instance)));
    }

    [Fact]
    public async Task The_oldest_order_awaiting_card_payment_and_the_last_webhook_are_shown()
    {
        using var shop = new ShopFactory(CardOrderSteps.TestProvider());
        var product = await shop.CreateProductAsync(await shop.CreateCategoryAsync(), "Card kettle", stock: 10);
        var first = await shop.PlaceCardOrderAsync(product);
        shop.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await shop.PlaceCardOrderAsync(product);
        using var admin = await shop.SignedInAdminAsync();
        var before = (await admin.GetAsync("/admin/system")).Find("section.instance")!;
        Assert.StartsWith(first.Number + ", placed ", before.QuerySelector(".card-order")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("none received", before.QuerySelector(".webhook")!.TextContent);

        var paid = await CardOrderSteps.DecideAsync(shop, first.SessionId, TestPaymentState.Paid);
        var received = shop.Clock.GetUtcNow();
        await shop.ReceiveAsync(paid, shop.Sign(paid));

        var after = (await admin.GetAsync("/admin/system")).Find("section.instance")!;
        Assert.StartsWith(second.Number + ", placed ", after.QuerySelector(".card-order")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(after.QuerySelector(".webhook")!.TextContent, new[] { TimeFormat.Text(received), TimeFormat.Text(shop.Clock.GetUtcNow()) }); // a minute may turn meanwhile
    }
}
