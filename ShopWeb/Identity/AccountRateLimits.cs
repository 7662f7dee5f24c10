using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ShopWeb.Scaling;

namespace ShopWeb.Identity;

/// <summary>
/// Limits how often one client address may post an account form (sign-in, register, forgot password, resend
/// confirmation), each form counted on its own. Reading the forms is never limited. Past the limit: a 429 page.
/// </summary>
internal static class AccountRateLimits
{
    public const string Policy = "account-forms";

    public static IServiceCollection AddAccountRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.AccountFormPostsPerMinute > 0, "RateLimits:AccountFormPostsPerMinute must be a positive number.")
            .ValidateOnStart();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.SetRetryAfter(context.Lease);
                return ValueTask.CompletedTask;
            };
            options.AddPolicy(Policy, context =>
            {
                if (!HttpMethods.IsPost(context.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("reads");
                }

                var services = context.RequestServices;
                var limit = services.GetRequiredService<IOptions<RateLimitOptions>>().Value.AccountFormPostsPerMinute;
                var client = Infrastructure.ClientAddress.Of(context);

                // Counted by the page, not the address asked: /account/login, /account/login/ and /account/login/index
                // are one form, one count. In the shared counters: with several instances, ten a minute is ten in all.
                var form = context.GetEndpoint()?.DisplayName ?? context.Request.Path.Value?.ToLowerInvariant();
                return RateLimitPartition.Get($"account-form {client} {form}", key =>
                    new SharedWindowLimiter(services.GetRequiredService<ISharedCounters>(), key, limit, TimeSpan.FromMinutes(1), services.GetRequiredService<TimeProvider>()));
            });
        });
        return services;
    }
}
