namespace ShopWeb.Api;

internal static class ApiPaths
{
    public const string Root = "/api";
    public const string V1 = "/api/v1";

    /// <summary>Where a decision made through the API is recorded in the consent ledger, as a page's path is for the browser.</summary>
    public const string ConsentPlace = "app";

    public static bool IsApi(PathString path) => path.StartsWithSegments(Root, StringComparison.OrdinalIgnoreCase);
}
