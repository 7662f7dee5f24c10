using OpenIddict.Abstractions;

namespace ShopWeb.Identity.Apps;

/// <summary>
/// Every refresh leaves spent tokens behind; once they are older than any refresh token can live they tell nothing
/// (not even a reuse: an expired refresh token is refused anyway) and go, with the sign-ins left without tokens.
/// Safe on every instance at once: each pass only deletes.
/// </summary>
internal sealed class AppSignInPruning(IServiceScopeFactory scopes, TimeProvider clock, ILogger<AppSignInPruning> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>OpenIddict's default refresh token lifetime, which the shop keeps.</summary>
    private static readonly TimeSpan KeptFor = TimeSpan.FromDays(14);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                // Not at start: the first minutes belong to migrations, seeding and the first requests.
                await Task.Delay(Interval, clock, stoppingToken);
                await PruneAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var threshold = clock.GetUtcNow() - KeptFor;
            await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, cancellationToken);
            await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(threshold, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A timeout's OperationCanceledException too: escaping, it would stop the whole shop (ClockedJob).
            logger.LogWarning(ex, "Spent app tokens could not be pruned; the next pass tries again");
        }
    }
}
