using System.Text.RegularExpressions;

namespace ShopWeb.Catalog;

/// <summary>The shape of the URL names of products and categories: lower-case words joined by single hyphens.</summary>
public static partial class Slugs
{
    public const string Pattern = "^[a-z0-9]+(-[a-z0-9]+)*$";

    /// <summary>Text in that shape: "Bath Sheet, 250 g" is "bath-sheet-250-g" (letters outside a-z and digits become hyphens).</summary>
    public static string From(string text) => NotSlug().Replace(text.ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();
}
