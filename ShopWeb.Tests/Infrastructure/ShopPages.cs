using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>A Razor page of the shop as its endpoint data source lists it, so tests that walk every page see a new one too.</summary>
public sealed record ShopPage(string Template, PageActionDescriptor Descriptor);

/// <summary>A GET handler of a page (<see cref="Name"/> null for <c>OnGet</c>) and the query parameters it reads.</summary>
public sealed record GetHandler(string? Name, IReadOnlyList<string> QueryNames);

public static class ShopPages
{
    /// <summary>Every page once, by its shortest route template (an Index page also answers at <c>…/Index</c>), such as <c>/products/{slug}</c>.</summary>
    public static IReadOnlyList<ShopPage> Pages(this ShopFactory factory) =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Template: "/" + e.RoutePattern.RawText?.TrimStart('/'), Page: e.Metadata.GetMetadata<PageActionDescriptor>()))
            .Where(e => e.Page is not null)
            .OrderBy(e => e.Template.Length)
            .DistinctBy(e => e.Page!.ViewEnginePath)
            .Select(e => new ShopPage(e.Template, e.Page!))
            .OrderBy(e => e.Template, StringComparer.Ordinal)
            .ToList();

    /// <summary>The page with its handlers and bound properties, as the app compiles it.</summary>
    public static async Task<CompiledPageActionDescriptor> CompileAsync(this ShopFactory factory, ShopPage page) =>
        await factory.Services.GetRequiredService<PageLoader>().LoadAsync(page.Descriptor, EndpointMetadataCollection.Empty);

    /// <summary>
    /// The page's GET handlers with the names model binding reads from the query: the handler's simple parameters and
    /// the page's properties bound on GET (<c>SupportsGet</c>), less the route's own parameters.
    /// </summary>
    public static async Task<IReadOnlyList<GetHandler>> GetHandlersAsync(this ShopFactory factory, ShopPage page)
    {
        var compiled = await factory.CompileAsync(page);
        var get = new ActionContext(new DefaultHttpContext { Request = { Method = HttpMethods.Get } }, new RouteData(), compiled);
        var routeNames = PageAddress.Parameters(page.Template).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var properties = compiled.BoundProperties
            .Where(p => p.BindingInfo?.RequestPredicate?.Invoke(get) ?? true)
            .Where(p => IsSimple(p.ParameterType))
            .Select(p => p.BindingInfo?.BinderModelName ?? p.Name);
        var handlers = compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase))
            .Select(h => new GetHandler(h.Name, h.Parameters
                .Where(p => IsSimple(p.ParameterType))
                .Select(p => p.BindingInfo?.BinderModelName ?? p.Name)
                .Concat(properties)
                .Where(n => !routeNames.Contains(n))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList()))
            .ToList();
        return handlers.Count > 0 ? handlers : [new GetHandler(null, properties.Where(n => !routeNames.Contains(n)).ToList())];
    }

    private static bool IsSimple(Type type) => TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(type) ?? type).CanConvertFrom(typeof(string));
}
