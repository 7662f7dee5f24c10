using Microsoft.EntityFrameworkCore;
using Npgsql;
using ShopWeb.E2E.Infrastructure.Telemetry;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.E2E.Infrastructure;

/// <summary>The journeys against deploy/farm.sh: nginx in front of two instances sharing PostgreSQL and Redis.</summary>
public sealed class FarmSite(Farm farm, bool owner) : IShopSite
{
    /// <summary>Set to 1 (with <see cref="Farm.Switch"/>) to run the E2E suite against the farm instead of one SQLite instance.</summary>
    public const string Switch = "SHOPWEB_E2E_FARM";

    public static bool Chosen => Environment.GetEnvironmentVariable(Switch) == "1" && Farm.Enabled;

    /// <summary>The farm's instances get the same admin and raised per-address limits as <see cref="ShopServer"/>, export to the same receiver, and otherwise the shop's defaults.</summary>
    public static FarmSite Start()
    {
        // The instances inherit these as environment variables (deploy/farm.sh): each exports to the run's one OTLP receiver.
        var farm = new Farm(new Dictionary<string, string>(RunTelemetry.Settings().Select(s => KeyValuePair.Create(s.Key, s.Value!)))
        {
            ["Admin__Email"] = ShopServer.AdminEmail,
            ["Admin__Password"] = ShopServer.AdminPassword,
            ["Admin__RequireTwoFactor"] = "false",
            ["Payments__Provider"] = "Test", // the card journeys, through the Test provider's hosted page
            ["Payments__AllowTestProvider"] = "true",

            // Every journey signs in from nginx's 127.0.0.1, counted together in Redis: far more sign-ins a minute than one person's.
            ["RateLimits__AccountFormPostsPerMinute"] = "1000000",
        });
        RunTelemetry.ShopStarting();
        return new(farm, owner: true);
    }

    public Uri Address => farm.Url;

    public Mailbox Mail { get; } = new(farm.MailFolder, () => new NpgsqlConnection(farm.Database));

    public async Task<T> WithStoreAsync<T>(Func<ShopWeb.Data.ShopDbContext, Task<T>> work)
    {
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<ShopWeb.Data.Postgres.PostgresShopDbContext>().UseNpgsql(farm.Database).Options;
        await using var db = new ShopWeb.Data.Postgres.PostgresShopDbContext(options);
        return await work(db);
    }

    /// <summary>The same farm, for a journey that restarts the shop; disposing it leaves the farm running.</summary>
    public FarmSite Borrowed() => new(farm, owner: false);

    public IShopSite Restarted()
    {
        farm.Restart();
        return this;
    }

    public void Dispose()
    {
        if (owner)
        {
            farm.Dispose(); // deploy/farm.sh down: each instance stops on SIGTERM, its exporters sending their last batch
            RunTelemetry.ShopStopped();
        }
    }
}
