using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ShopWeb.Payments.Test;

/// <summary>
/// Sends the Test provider's events to the shop, signed, through the webhook's own path
/// (<see cref="PaymentSignals.ReceiveAsync"/>: the signature checked, the event id kept once, the one conditional
/// update). It calls that code in-process rather than over HTTP: the shop's public address may not be reachable from
/// the shop itself (behind nginx, in a test host), and the bytes checked are the same.
/// With <c>Payments:Test:DuplicateEvents</c> every event goes twice and out of order: now, then the session's earlier
/// events again after it, then this one again a moment later in the background. None of that may change the result.
/// </summary>
public sealed class TestEventDelivery(
    PaymentSignals signals,
    TestPaymentProvider provider,
    IOptions<PaymentOptions> options,
    IMemoryCache history,
    IServiceScopeFactory scopes,
    IHostApplicationLifetime lifetime,
    ILogger<TestEventDelivery> logger)
{
    /// <summary>How long after the first delivery the duplicate follows.</summary>
    public static readonly TimeSpan Echo = TimeSpan.FromMilliseconds(300);

    public async Task<SignalOutcome> DeliverAsync(string sessionId, string body, CancellationToken cancellationToken)
    {
        var outcome = await SendAsync(signals, provider, body, cancellationToken);
        if (!options.Value.Test.DuplicateEvents)
        {
            return outcome;
        }

        // Kept in this instance's memory only: on a farm the earlier events may have gone through the other instance.
        var key = "test-payment-events:" + sessionId;
        var earlier = history.Get<List<string>>(key) ?? [];
        history.Set(key, (List<string>)[.. earlier, body], TimeSpan.FromHours(1));
        foreach (var previous in Enumerable.Reverse(earlier))
        {
            await SendAsync(signals, provider, previous, cancellationToken);
        }

        _ = Task.Run(() => SendLaterAsync(body), CancellationToken.None);
        return outcome;
    }

    private async Task SendLaterAsync(string body)
    {
        var stopping = lifetime.ApplicationStopping;
        try
        {
            await Task.Delay(Echo, stopping);
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            await SendAsync(services.GetRequiredService<PaymentSignals>(), services.GetRequiredService<TestPaymentProvider>(), body, stopping);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The shop is stopping: a duplicate that never arrives changes nothing either.
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The Test provider's duplicate event could not be delivered");
        }
    }

    private static Task<SignalOutcome> SendAsync(PaymentSignals signals, TestPaymentProvider provider, string body, CancellationToken cancellationToken) =>
        signals.ReceiveAsync(provider, body, provider.Sign(body), cancellationToken); // signed at each sending, as a provider's retry is
}
