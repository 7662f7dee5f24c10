using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Infrastructure;

namespace ShopWeb.Tests.Hosting;

/// <summary>
/// While the store is seeded: the liveness probe answers at once (one that waited would time out, and an orchestrator
/// would restart the instance mid-seeding, over and over), the readiness probe says not yet, and a page waits.
/// </summary>
public sealed class StoreReadinessProbeTests
{
    [Fact]
    public async Task While_the_store_is_seeded_live_answers_at_once_ready_says_not_yet_and_a_page_waits()
    {
        var readiness = new StoreReadiness(new Microsoft.Extensions.Hosting.Internal.ApplicationLifetime(Microsoft.Extensions.Logging.Abstractions.NullLogger<Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>.Instance));
        var seeded = new TaskCompletionSource<bool>();
        readiness.Track(seeded.Task);
        var app = new ApplicationBuilder(new ServiceCollection().AddSingleton(readiness).BuildServiceProvider());
        StoreReadiness.UseStoreReadiness(app);
        app.Run(context => context.Response.WriteAsync("served"));
        var pipeline = app.Build();

        var live = await SendAsync(pipeline, "/health/live");
        var ready = await SendAsync(pipeline, "/health/ready");
        var page = SendAsync(pipeline, "/products");

        Assert.Equal((200, "served"), live);
        Assert.Equal(503, ready.Status);
        Assert.Contains("still being seeded", ready.Body);
        await Task.Delay(100);
        Assert.False(page.IsCompleted, "a page waits for the seeding");
        seeded.SetResult(true);
        Assert.Equal((200, "served"), await page);
        Assert.Equal((200, "served"), await SendAsync(pipeline, "/health/ready")); // the health checks themselves from now on
    }

    private static async Task<(int Status, string Body)> SendAsync(RequestDelegate pipeline, string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        using var body = new MemoryStream();
        context.Response.Body = body;
        await pipeline(context);
        return (context.Response.StatusCode, System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }
}
