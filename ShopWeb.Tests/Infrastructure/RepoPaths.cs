namespace ShopWeb.Tests.Infrastructure;

/// <summary>Where the solution and the app's own build output are, seen from the test assembly.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: whichever configuration the tests themselves were built in.</summary>
    public static string Configuration { get; } = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    public static string AppProject => Path.Combine(Root, "ShopWeb", "ShopWeb.csproj");

    public static string BuiltAppDll => Path.Combine(Root, "ShopWeb", "bin", Configuration, "net10.0", "ShopWeb.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ShopWeb.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ShopWeb.sln not found above " + AppContext.BaseDirectory);
    }
}
