using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Admin.Instances;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Admin.Instances;

/// <summary>The per-minute buckets behind the system page's requests and p99, fed known durations.</summary>
public sealed class RequestDurationsTests : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly TestClock clock = new();

    [Fact]
    public void The_p99_of_a_hundred_requests_of_1_to_100_ms_is_the_99th_within_its_bin_and_the_rate_is_over_the_time_the_window_covers()
    {
        using var durations = new RequestDurations(services.GetRequiredService<IMeterFactory>(), clock);
        HalfAMinuteInto(TimeSpan.FromMinutes(10)); // the window: four whole minutes and half of this one
        for (var ms = 1; ms <= 100; ms++)
        {
            durations.Record("/products/{slug}", ms);
        }

        durations.Record("/cart", 3);

        var traffic = durations.LastMinutes();
        Assert.Equal(["/products/{slug}", "/cart"], traffic.Select(t => t.Group));
        var products = traffic[0];
        Assert.Equal(100, products.Requests);
        Assert.InRange(products.PerMinute, 100 / 4.51, 100 / 4.49);
        Assert.InRange(products.P99Ms, 99, 99 * 1.1);
        Assert.InRange(traffic[1].P99Ms, 3, 3 * 1.1);
    }

    [Fact]
    public void A_new_instance_says_its_rate_over_the_time_it_has_run()
    {
        using var durations = new RequestDurations(services.GetRequiredService<IMeterFactory>(), clock);
        clock.Advance(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 100; i++)
        {
            durations.Record("/", 2);
        }

        Assert.InRange(durations.LastMinutes().Single().PerMinute, 199, 200.1);
    }

    [Fact]
    public void One_request_of_over_a_minute_is_said_so_and_the_status_still_travels_as_json()
    {
        using var durations = new RequestDurations(services.GetRequiredService<IMeterFactory>(), clock);
        durations.Record("/checkout", 80_000); // a card checkout while the payment provider hangs

        var slow = durations.LastMinutes().Single();

        Assert.Equal("over 60,000 ms", Elapsed.Milliseconds(slow.P99Ms));
        var json = System.Text.Json.JsonSerializer.Serialize(slow);
        Assert.Equal(slow, System.Text.Json.JsonSerializer.Deserialize<PageGroupTraffic>(json));
        Assert.Equal("59,950 ms", Elapsed.Milliseconds(59_950));
    }

    /// <summary>Moves the clock on by at least <paramref name="after"/>, to 30 seconds into a minute.</summary>
    private void HalfAMinuteInto(TimeSpan after)
    {
        clock.Advance(after);
        var into = clock.GetUtcNow().ToUnixTimeMilliseconds() % 60_000;
        clock.Advance(TimeSpan.FromMilliseconds((90_000 - into) % 60_000));
    }

    [Fact]
    public void Minutes_leave_the_window_by_the_shops_clock()
    {
        using var durations = new RequestDurations(services.GetRequiredService<IMeterFactory>(), clock);
        durations.Record("/", 2);
        clock.Advance(TimeSpan.FromMinutes(3));
        durations.Record("/", 500);
        Assert.Equal(2, durations.LastMinutes().Single().Requests);

        clock.Advance(TimeSpan.FromMinutes(3)); // the first minute is now six minutes old
        var left = durations.LastMinutes().Single();
        Assert.Equal(1, left.Requests);
        Assert.InRange(left.P99Ms, 500, 550);

        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(durations.LastMinutes());
    }

    [Theory]
    [InlineData("/products/{slug}", "/products/{slug}")]
    [InlineData("products/{slug}", "/products/{slug}")]
    [InlineData("", "/")]
    [InlineData(null, "(no route)")]
    [InlineData("css/site.k2j4h5g6f7.css", "(static files)")]
    [InlineData("/api/v1/products/{slug}", "/api/v1/products/{slug}")]
    public void A_page_group_is_the_route_template(string? route, string group) =>
        Assert.Equal(group, RequestDurations.GroupOf(route));

    public void Dispose() => services.Dispose();
}
