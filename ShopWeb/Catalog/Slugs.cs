namespace ShopWeb.Catalog;

/// <summary>The shape of the URL names of products and categories: lower-case words joined by single hyphens.</summary>
public static class Slugs
{
    public const string Pattern = "^[a-z0-9]+(-[a-z0-9]+)*$";
}
