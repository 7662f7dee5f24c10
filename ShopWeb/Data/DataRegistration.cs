using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Configuration;
using ShopWeb.Data.CompiledModels;
using ShopWeb.Data.Postgres;

namespace ShopWeb.Data;

internal static class DataRegistration
{
    /// <summary>
    /// An order read with its lines, payments and refunds (a few of each) is one round trip, said explicitly: EF warns
    /// in the log at every such query otherwise. A query over many rows splits itself (AsSplitQuery).
    /// </summary>
    public const QuerySplittingBehavior OneQuery = QuerySplittingBehavior.SingleQuery;

    public static WebApplicationBuilder AddShopData(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ShopStore>();
        builder.Services.AddSingleton<ErasedBytes>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ErasedBytes>());
        // Pooled: a request takes a context that is already built instead of assembling one, with its services.
        if (DatabaseOptions.IsPostgresIn(builder.Configuration))
        {
            builder.Services.AddPostgresStore();
        }
        else
        {
            builder.Services.AddDbContextPool<ShopDbContext>((services, options) => options
                .UseSqlite(services.GetRequiredService<ShopStore>().ConnectionString, sqlite => sqlite.UseQuerySplittingBehavior(OneQuery))
                .UseShopModel(CompiledModels.ShopModels.Sqlite) // built ahead (tools/optimize-models.sh), not at the first query
                .AddInterceptors(SqliteConnectionSetup.Instance));
        }

        // Keys in the store and a fixed application name: cookies and emailed tokens outlive a restart or a new folder.
        // New keys are AES-256-GCM, one authenticated cipher, instead of the default AES-256-CBC with HMAC-SHA256: a
        // first visit to a product page makes two protected tokens (its antiforgery cookie and form token), and GCM
        // cut the CPU of that page by about a sixth (README, "What a cached page costs"). Keys made before stay
        // readable and in use until they expire; the cached pages' antiforgery holes have room for either's tokens.
        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName("ShopWeb")
            .UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration { EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM })
            .PersistKeysToDbContext<ShopDbContext>();
        KeyProtectionOptions.AddTo(dataProtection, builder.Configuration); // encrypted at rest with DataProtection:CertificatePath, when set

        // Within what a probe waits: a server that hangs (rather than refusing) is not ready, and said so in 2 s.
        builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: ["ready"], timeout: TimeSpan.FromSeconds(2));
        return builder;
    }
}
