using Microsoft.Extensions.DependencyInjection;
using AppKeyRing = ShopWeb.Identity.Apps.AppKeyRing;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Identity.Apps;

/// <summary>A shop of its own, asked for its keys before any request has read them.</summary>
public sealed class AppKeyRingTests : IDisposable
{
    private readonly ShopFactory factory = new();

    /// <summary>
    /// The first API request of a shop and the key ring's own first read run together. A request that came while the
    /// read was still turning the stored keys into keys must wait for them: let through early, it met the stand-ins
    /// and refused a good token (a second instance answered 401 to a token the first had just issued).
    /// </summary>
    [Fact]
    public async Task No_caller_is_let_through_before_the_first_read_has_put_the_keys_in_hand()
    {
        var ring = factory.Services.GetRequiredService<AppKeyRing>();
        Assert.Null(ring.Keys);

        // Two callers at once, as the request and the background read are. On SQLite a call runs synchronously, so the
        // one that takes the turn reads on its own thread while the other keeps asking.
        var early = 0;
        async Task CallUntilReadAsync()
        {
            await Task.Yield();
            while (ring.Keys is null)
            {
                // A call that comes back at once says the keys are current; then they must be in hand.
                var call = ring.RefreshIfDueAsync();
                if (call.IsCompletedSuccessfully && ring.Keys is null)
                {
                    Interlocked.Increment(ref early);
                }
            }
        }

        await Task.WhenAll(Task.Run(CallUntilReadAsync), Task.Run(CallUntilReadAsync));
        Assert.NotNull(ring.Keys);
        Assert.Equal(0, early);
    }

    public void Dispose() => factory.Dispose();
}
