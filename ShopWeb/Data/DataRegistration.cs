using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Configuration;
using ShopWeb.Data.CompiledModels;
using ShopWeb.Data.Postgres;

namespace ShopWeb.Data;

internal static class DataRegistration
{
    public static WebApplicationBuilder AddShopData(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ShopStore>();
        // Pooled: a request takes a context that is already built instead of assembling one, with its services.
        if (DatabaseOptions.IsPostgresIn(builder.Configuration))
        {
            builder.Services.AddPostgresStore();
        }
        else
        {
            builder.Services.AddDbContextPool<ShopDbContext>((services, options) => options
                .UseSqlite(services.GetRequiredService<ShopStore>().ConnectionString)
                .UseShopModel(CompiledModels.ShopModels.Sqlite) // built ahead (tools/optimize-models.sh), not at the first query
                .AddInterceptors(SqliteConnectionSetup.Instance));
        }

        // Keys in the store and a fixed application name: cookies and emailed tokens outlive a restart or a new folder.
        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName("ShopWeb")
            .PersistKeysToDbContext<ShopDbContext>();
        KeyProtectionOptions.AddTo(dataProtection, builder.Configuration); // encrypted at rest with DataProtection:CertificatePath, when set

        builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: ["ready"]);
        return builder;
    }
}
