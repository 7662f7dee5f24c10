using Microsoft.EntityFrameworkCore;
using ShopWeb.Data.CompiledModels;

namespace ShopWeb.Data.Postgres;

internal static class PostgresRegistration
{
    /// <summary>ShopDbContext, resolved as the PostgreSQL context, on the connection string the shop was given.</summary>
    public static IServiceCollection AddPostgresStore(this IServiceCollection services) =>
        services.AddDbContextPool<ShopDbContext, PostgresShopDbContext>((provider, options) => options
            .UseNpgsql(provider.GetRequiredService<ShopStore>().ConnectionString, npgsql => npgsql.UseQuerySplittingBehavior(DataRegistration.OneQuery))
            .UseShopModel(CompiledModels.ShopModels.Postgres) // built ahead (tools/optimize-models.sh)
            .AddInterceptors(PostgresTextParameters.Instance));
}
