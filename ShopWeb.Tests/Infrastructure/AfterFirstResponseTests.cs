using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ShopWeb.Infrastructure;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>The background jobs' first run waits for the app's start and its first response (or a grace period).</summary>
public class AfterFirstResponseTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Jobs_wait_for_the_start_then_for_the_first_response()
    {
        var lifetime = new Lifetime();
        var gate = new AfterFirstResponse(lifetime, TimeSpan.FromMinutes(5));
        var waiting = gate.WaitAsync(CancellationToken.None);

        await Task.Delay(200);
        Assert.False(waiting.IsCompleted); // not started

        lifetime.Start();
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted); // started, no response yet, the grace far away

        gate.Open();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        await gate.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)); // and at once from then on
    }

    [Fact]
    public async Task Without_a_request_the_jobs_start_after_the_grace()
    {
        var lifetime = new Lifetime();
        var gate = new AfterFirstResponse(lifetime, TimeSpan.FromMilliseconds(300));
        var waiting = gate.WaitAsync(CancellationToken.None);
        lifetime.Start();

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(gate.IsOpen);
    }

    [Fact]
    public async Task A_stopping_shop_ends_the_wait()
    {
        var gate = new AfterFirstResponse(new Lifetime(), TimeSpan.FromMinutes(5));
        using var stopping = new CancellationTokenSource();
        var waiting = gate.WaitAsync(stopping.Token);

        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task The_shop_opens_the_gate_when_its_first_response_is_sent()
    {
        var gate = factory.Services.GetRequiredService<AfterFirstResponse>();
        Assert.False(gate.IsOpen);

        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/");
        response.EnsureSuccessStatusCode();

        Assert.True(await BackgroundJobs.UntilAsync(() => Task.FromResult(gate.IsOpen)));
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource started = new();

        public CancellationToken ApplicationStarted => started.Token;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void Start() => started.Cancel();

        public void StopApplication()
        {
        }
    }
}
