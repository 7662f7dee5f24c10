using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scalar.AspNetCore;
using ShopWeb.Api.OpenApi;
using ShopWeb.Api.V1;
using ShopWeb.Catalog;

namespace ShopWeb.Api;

internal static class ApiRegistration
{
    public static WebApplicationBuilder AddShopApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // Before AddProblemDetails' own writer: under /api every problem is written by ApiProblemWriter.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemDetailsWriter, ApiProblemWriter>());
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();

        // camelCase (the web default), enums as camelCase strings, numbers never read from strings.
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });

        services.AddScoped<IdempotentRequests>();
        services.AddScoped<OrderResponses>();
        services.AddOptions<ApiRateLimitOptions>().BindConfiguration(ApiRateLimitOptions.Section)
            .Validate(o => o.RequestsPerMinute > 0, "Api:RateLimits:RequestsPerMinute must be a positive number.")
            .ValidateOnStart();
        services.AddRateLimiter(options => options.AddPolicy<string, ApiRateLimitPolicy>(ApiRateLimitPolicy.Name));

        // The catalog's answers are cached and evicted exactly like the catalog pages (AnonymousPagePolicy).
        services.AddOutputCache(options =>
        {
            options.AddPolicy(CatalogEndpoints.CachePolicy, AnonymousPagePolicy.In(options));
            options.AddPolicy(CatalogEndpoints.ListCachePolicy, AnonymousPagePolicy.In(options, context => ("products", ProductListQuery.CacheKey(context.Request.Query))));
        });

        services.AddOpenApi("v1", options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer<ApiDocument>();
            options.AddOperationTransformer<ApiDocument>();
            options.AddSchemaTransformer<ApiDocument>();
            options.AddSchemaTransformer<SchemaExamples>();
        });
        return builder;
    }

    public static WebApplication MapShopApi(this WebApplication app)
    {
        // Every operation may be limited, fail, or find Redis or the store out of reach for a moment (503 with
        // Retry-After): all are problems, and say so in the document.
        var v1 = app.MapGroup(ApiPaths.V1)
            .RequireRateLimiting(ApiRateLimitPolicy.Name)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        v1.MapCatalog();
        v1.MapCarts();
        v1.MapCheckout();
        v1.MapOrders();
        v1.MapMe();

        app.MapOpenApi("/openapi/{documentName}.json");
        if (app.Environment.IsDevelopment())
        {
            // Scalar's page runs inline script and styles, which the shop's policy forbids everywhere else.
            app.MapScalarApiReference("/scalar", options => options.WithTitle("ShopWeb API"))
                .AddEndpointFilter(async (context, next) =>
                {
                    context.HttpContext.Response.Headers.ContentSecurityPolicy =
                        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";
                    return await next(context);
                });
        }

        return app;
    }
}
