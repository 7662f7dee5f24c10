namespace ShopWeb.Infrastructure;

/// <summary>Picks the content root so the published app finds its wwwroot and App_Data wherever it is started from.</summary>
internal static class ContentRoot
{
    /// <returns>
    /// <see langword="null"/> (keep the default: the current directory) when the caller chose one or when the
    /// current directory holds the app's settings (<c>dotnet run</c>, tests); otherwise the app's own folder,
    /// as for <c>dotnet out/ShopWeb.dll</c> started from elsewhere.
    /// </returns>
    public static string? Choose(string[] args)
    {
        var chosen = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is not null
            || Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT") is not null;
        if (chosen || File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json")))
        {
            return null;
        }

        return AppContext.BaseDirectory;
    }
}
