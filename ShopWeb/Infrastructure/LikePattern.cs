namespace ShopWeb.Infrastructure;

/// <summary>A SQL LIKE pattern that finds the text anywhere, its own %, _ and \ taken literally (escape character \).</summary>
public static class LikePattern
{
    public const string Escape = "\\";

    public static string Containing(string text) =>
        "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
