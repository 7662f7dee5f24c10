using System.Data.Common;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using ShopWeb.Data;
using ShopWeb.Infrastructure;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ShopWeb.Identity.Apps;

/// <summary>
/// At start, makes OpenIddict's application table say what <c>Api:Clients</c> says: configured apps are added or
/// updated, apps no longer configured are removed (and with them their sign-ins). Instances starting together take
/// turns, so none adds an app another has just added. It runs beside the start, not in front of it (a store lock and
/// a dozen queries the first page does not need); the API and the sign-in endpoints wait for it instead
/// (<see cref="AppKeyRing.UseCurrentAppKeys"/>), so no app is served by the table as it was.
/// </summary>
internal sealed class AppClientSync(
    IServiceScopeFactory scopes, IOptions<AppClientOptions> options, AfterFirstResponse firstResponse, ILogger<AppClientSync> logger)
    : IHostedService
{
    private const string LockKey = "apps:clients";

    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();

    /// <summary>Completes when this start's sync is over, whether it went through or not (it says so in the log).</summary>
    public Task Synced => done.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await RunAsync(stopping.Token);
            }
            finally
            {
                done.TrySetResult();
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await Synced.WaitAsync(cancellationToken);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await firstResponse.WaitAsync(cancellationToken); // an API or sign-in request opens it at once (AppKeyRing.UseCurrentAppKeys)
            await SyncAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped before it was done: the next start syncs again.
        }
        catch (Exception ex) when (ex is DbException || ex.InnerException is DbException)
        {
            // A store without its schema yet, or one that does not answer: /health/ready says so; the shop still starts.
            logger.LogWarning(ex, "The apps of Api:Clients could not be written to the store");
        }
        catch (OpenIddictExceptions.ValidationException ex)
        {
            // AppClientOptionsValidator refuses at start what OpenIddict is known to; anything else is said here.
            logger.LogError(ex, "OpenIddict refused an app of Api:Clients: {Problems}", string.Join("; ", ex.Results.Select(r => r.ErrorMessage)));
        }
        catch (Exception ex)
        {
            // Off the start path nothing else would hear of it; the shop serves on, the apps as the store has them.
            logger.LogError(ex, "The apps of Api:Clients could not be synced with the store");
        }
    }

    private async Task SyncAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await using var transaction = await StoreLocks.BeginAsync(db, LockKey, cancellationToken);
        var configured = options.Value.Clients;
        foreach (var client in configured)
        {
            var descriptor = Describe(client);
            if (await applications.FindByClientIdAsync(client.ClientId!, cancellationToken) is { } existing)
            {
                await applications.UpdateAsync(existing, descriptor, cancellationToken);
            }
            else
            {
                await applications.CreateAsync(descriptor, cancellationToken);
            }
        }

        var stale = new List<object>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            var clientId = await applications.GetClientIdAsync(application, cancellationToken);
            if (!configured.Any(c => c.ClientId == clientId))
            {
                stale.Add(application);
            }
        }

        foreach (var application in stale)
        {
            await applications.DeleteAsync(application, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>A first-party public app: no secret, PKCE required, no consent screen, codes and refresh tokens only.</summary>
    private static OpenIddictApplicationDescriptor Describe(AppClient client)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            DisplayName = client.DisplayName,
            ClientType = ClientTypes.Public,
            ApplicationType = ApplicationTypes.Native,
            ConsentType = ConsentTypes.Implicit,
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in client.RedirectUris)
        {
            descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
        }

        return descriptor;
    }
}
