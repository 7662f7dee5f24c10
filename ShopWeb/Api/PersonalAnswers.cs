namespace ShopWeb.Api;

/// <summary>
/// Answers that carry what only their caller may see (a profile, a guest cart's secret, an order's token): no cache
/// between the shop and the app keeps a copy, errors included.
/// </summary>
public static class PersonalAnswers
{
    public static TBuilder Personal<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            return await next(context);
        });
}
