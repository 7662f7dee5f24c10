using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages;

/// <summary>
/// Every date and time a page shows reads the same way, such as 2026-12-01 15:29 UTC, even on a server whose
/// culture writes dates its own way (here Arabic as in Saudi Arabia: another calendar and other month names).
/// </summary>
public sealed partial class DatesAndTimesTests : IDisposable
{
    private readonly ShopFactory shop = new(new Dictionary<string, string?> { ["Seed:DemoCatalog"] = "false" },
        services: s => s.AddSingleton<IStartupFilter>(new ServerCulture("ar-SA")));

    [Fact]
    public async Task Shopper_and_admin_pages_show_every_time_as_yyyy_mm_dd_hh_mm_utc()
    {
        var category = await shop.CreateCategoryAsync();
        var product = await shop.CreateProductAsync(category, "Dated Jug", stock: 5);
        var (shopper, email) = await shop.SignedInShopperAsync();
        using var _ = shopper;
        await shopper.SaveProfileAsync(saveContact: true, saveAddresses: false, "Dana Date", "+44 20 7946 0001");
        await shopper.AddToCartAsync(product);
        await shopper.CheckoutAsync(CheckoutSteps.GuestFields(email));
        var order = await shop.WithDbAsync(db => db.Orders.Where(o => o.Email == email).Select(o => new { o.Number, o.PlacedAt, o.UserId }).SingleAsync());
        var (number, placedAt, userId) = (order.Number, order.PlacedAt, order.UserId!);
        var placed = placedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

        Assert.Contains(placed, Times(await shopper.GetAsync("/orders")));
        Assert.Contains(placed, Times(await shopper.GetAsync($"/orders/{number}")));
        Assert.NotEmpty(Times(await shopper.GetAsync("/account/security/devices")));
        Assert.NotEmpty(Times(await shopper.GetAsync("/account/security/activity")));
        Assert.NotEmpty(Times(await shopper.GetAsync("/account/privacy")));

        using var admin = await shop.SignedInAdminAsync();
        Assert.Contains(placed, Times(await admin.GetAsync("/admin/orders")));
        Assert.Contains(placed, Times(await admin.GetAsync($"/admin/orders/{number}")));
        var customer = await admin.GetAsync($"/admin/customers/{userId}");
        Assert.NotEmpty(Times(customer));
        await admin.SubmitAsync(customer, "#reveal", button: "Reveal personal details");
        Assert.NotEmpty(Times(await admin.GetAsync("/admin/audit")));
        Assert.NotEmpty(Times(await admin.GetAsync("/admin/customers")));
        var days = (await admin.GetAsync("/admin")).Document.QuerySelectorAll("main time").Select(t => t.TextContent).ToList();
        Assert.Equal(30, days.Count);
        Assert.All(days, d => Assert.Matches(DayPattern(), d));
        Assert.Equal(placedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), days[^1]);
    }

    [Fact]
    public async Task The_lockout_page_says_until_when_in_the_same_format()
    {
        var email = await shop.CreateAccountAsync();
        using var browser = shop.CreateBrowser();
        HtmlPage page = null!;
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            page = await browser.SignInAsync(email, $"wrong password {attempt}");
        }

        Assert.Equal("Account locked", page.Heading);
        var until = Assert.Single(Times(page));
        var expected = shop.Clock.GetUtcNow().AddMinutes(15).UtcDateTime;
        var shown = DateTime.ParseExact(until, "yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        Assert.InRange(expected - shown, TimeSpan.Zero, TimeSpan.FromMinutes(2));
    }

    public void Dispose() => shop.Dispose();

    /// <summary>The text of every <c>time</c> element in the page's main part, each checked against the one format.</summary>
    private static List<string> Times(HtmlPage page)
    {
        var times = page.Document.QuerySelectorAll("main time").ToList();
        Assert.All(times, t =>
        {
            Assert.Matches(TimePattern(), t.TextContent);
            Assert.True(DateTimeOffset.TryParse(t.GetAttribute("datetime"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _), "a machine-readable datetime");
        });
        Assert.DoesNotMatch(HijriYear(), page.Find("main")?.TextContent ?? "");
        return times.Select(t => t.TextContent).ToList();
    }

    [GeneratedRegex(@"^\d{4}-[01]\d-[0-3]\d [0-2]\d:[0-5]\d UTC$")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^20\d\d-[01]\d-[0-3]\d$")]
    private static partial Regex DayPattern();

    [GeneratedRegex(@"\b14[4-5]\d\b")]
    private static partial Regex HijriYear();

    /// <summary>Runs every request under <paramref name="name"/>, as a server set up in that language would.</summary>
    private sealed class ServerCulture(string name) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
