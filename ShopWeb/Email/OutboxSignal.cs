namespace ShopWeb.Email;

/// <summary>A nudge from a page to this instance's sender that a message was queued; other instances find it by looking.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim nudges = new(0, 1);

    public void Notify()
    {
        try
        {
            nudges.Release();
        }
        catch (SemaphoreFullException)
        {
            // A nudge is already waiting; one is enough.
        }
    }

    /// <summary>Waits for a nudge or the timeout, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => nudges.WaitAsync(timeout, cancellationToken);
}
