namespace ShopWeb.Catalog;

/// <summary>The <c>OutputCache</c> section.</summary>
public sealed class PageCacheOptions
{
    public const string Section = "OutputCache";

    /// <summary>
    /// Serve anonymous catalog pages from the output cache. Off, every page is rendered: for measuring what a
    /// page costs uncached, or for telling a caching fault from a rendering one.
    /// </summary>
    public bool Enabled { get; set; } = true;
}
