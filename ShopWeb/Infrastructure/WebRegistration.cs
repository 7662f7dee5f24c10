using Microsoft.AspNetCore.HttpLogging;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ShopWeb.Infrastructure;

internal static class WebRegistration
{
    public static WebApplicationBuilder AddShopWeb(this WebApplicationBuilder builder)
    {
        // WebApplication maps the build output's static web assets (wwwroot, pre-compressed files) only in
        // Development; the shop run from its build output in any other environment, as the tests do, needs them
        // too. A published app has no such manifest and this does nothing there.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PublicLinks>();
        builder.Services.AddSingleton<AfterFirstResponse>(); // the background jobs' first run waits for the first page
        builder.Services.AddSingleton<StoreReadiness>(); // the host's start completes once the store is seeded
        builder.Services.AddHostedService(services => services.GetRequiredService<StoreReadiness>());
        AddressRateLimit.AddAddressRateLimit(builder.Services);
        // The whole admin folder by convention: a new admin page cannot forget its protection.
        builder.Services.AddRazorPages(options => options.Conventions.AuthorizeFolder("/Admin", Admin.AdminRegistration.Policy)).AddMvcOptions(options =>
        {
            options.Filters.Add<MalformedCheckboxFilter>();
            options.Filters.Add<UnknownHandlerFilter>();
            options.Filters.Add<TooLargeBodyFilter>();
        });
        builder.Services.Configure<CookieTempDataProviderOptions>(options =>
        {
            options.Cookie.Name = "ShopWeb.TempData";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.AddSingleton<CookieTempDataProvider>();
        builder.Services.Replace(ServiceDescriptor.Singleton<ITempDataProvider, TempDataCookie>());
        builder.Services.Configure<RouteOptions>(options => options.LowercaseUrls = true);
        var httpsOnly = HttpsSettings.AreEnforced(builder.Environment, builder.Configuration);
        builder.Services.AddAntiforgery(options =>
        {
            // Antiforgery reads its cookie by one fixed name, so the __Host- prefix (Secure, path /, no domain: no
            // subdomain can plant a token) is chosen once: where every page is HTTPS, plain HTTP being redirected.
            options.Cookie.Name = httpsOnly ? Identity.HostPrefixCookieManager.Prefix + "ShopWeb.Antiforgery" : "ShopWeb.Antiforgery";
            options.FormFieldName = "__RequestVerificationToken";
            options.Cookie.SecurePolicy = httpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.Cookie.Path = "/";
        });

        // One line per request: method, path (never the query, which may carry tokens), status and duration.
        // It is written at Information, which appsettings.json keeps quiet outside Development.
        builder.Services.AddHttpLogging(options =>
        {
            options.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath
                | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            options.CombineLogs = true;
        });

        // br first, then gzip, for what a client accepts; a page with an antiforgery hole gets gzip that the hole can be
        // filled in (HoleAwareCompression). The pages carry no secret an attacker could guess at through the compressed
        // size (BREACH): the antiforgery token is encrypted afresh for every response, and a hole is never compressed.
        builder.Services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        builder.Services.AddSingleton<AntiforgeryHole>();
        builder.Services.AddSingleton<AntiforgeryHoleTokens>();
        builder.Services.AddSingleton<HoleAwareCompression>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IResponseCompressionProvider>(services => services.GetRequiredService<HoleAwareCompression>()));

        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });

        return builder;
    }

    public static WebApplication UseShopPipeline(this WebApplication app)
    {
        AfterFirstResponse.UseAfterFirstResponse(app);
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        Scaling.BehindProxy.UseInstanceHeader(app);
        app.UseHttpLogging(); // before the error pages, so a request logs once, with the status the shopper got
        if (!app.Environment.IsDevelopment())
        {
            // Development keeps the developer exception page that WebApplication adds by default.
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/error",
                StatusCodeSelector = BrieflyUnavailable.StatusCodeFor,
            });
            if (HttpsSettings.AreEnforced(app.Environment, app.Configuration))
            {
                app.UseHsts();
                app.UseRedirectToPublicHttps();
            }
        }

        app.UseStatusCodePagesWithReExecute("/status/{0}");
        Api.ApiProblemResponses.UseApiProblemResponses(app); // /api answers errors as problem details, never these pages
        app.UseRouting();
        StoreReadiness.UseStoreReadiness(app); // after routing: nothing before reads the store, and the matcher's build overlaps the seeding
        Identity.Apps.AppKeyRing.UseCurrentAppKeys(app); // the app sign-in's keys rotated and shared by the instances
        Identity.Apps.UnreadableForms.UseUnreadableFormRefusal(app); // a /connect form OpenIddict could not read: a 400, not a 500
        Api.ApiCallers.UseApiCallers(app); // the app and shopper of a bearer token, for the API's rate limits
        app.UseRateLimiter();

        // Outside the output cache, so a page served from it still gets each visitor's own antiforgery token.
        app.UseMiddleware<AntiforgeryHoleMiddleware>();

        // After routing (the pages' [OutputCache] policies are endpoint metadata), before authentication: a cached
        // page is only ever an anonymous one, and the policy tells a signed-in visitor by the cookie alone, so a
        // cache hit skips the session check.
        app.UseOutputCache();

        // Inside the output cache: a page served from it costs the store nothing and is never counted.
        app.UseMiddleware<AddressRateLimit>();

        // Inside the output cache, which therefore keeps compressed pages, one entry per encoding a client is sent
        // (AnonymousPagePolicy varies by it), so no client gets an encoding it did not ask for (aspnetcore #45998).
        app.UseResponseCompression();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapShopEndpoints(this WebApplication app)
    {
        // Answered as soon as routing finds them: a stylesheet needs no rate limit, session check or page cache.
        app.MapStaticAssets().ShortCircuit();
        app.MapRazorPages().WithStaticAssets();
        app.MapShopHealthChecks();
        Admin.MediaEndpoint.MapMedia(app);
        Catalog.Seo.SearchEngineFiles.MapSearchEngineFiles(app);
        Identity.Apps.AppsRegistration.MapShopApps(app);

        // Static assets add a GET-only catch-all, which turns a POST to an unknown address into a 405.
        // This lowest-priority catch-all makes every unknown address, whatever the method, the friendly 404.
        app.MapFallback("{**path}", context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }
}
