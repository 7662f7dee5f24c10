using Microsoft.Extensions.Configuration.Memory;

namespace ShopWeb.Infrastructure;

/// <summary>
/// The one way the shop and its commands make their builder: the content root chosen (<see cref="ContentRoot"/>), and
/// beneath every other source the settings whose safe value must not depend on a file being found.
/// </summary>
internal static class ShopHost
{
    /// <summary>
    /// Quiet logs wherever the shop starts: appsettings.json is not read when the content root is another folder
    /// (<c>--contentRoot</c>, or a current folder with an appsettings.json of its own), and at the framework's
    /// Information ASP.NET Core's "Request starting" lines print whole addresses, a reset link's token with them, so
    /// those stay at Warning when only Default is raised, as OpenIddict's do. appsettings*.json, the environment and
    /// the command line still set each of them (Development: Information).
    /// </summary>
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Warning",

        // At Information OpenIddict logs each request it reads with its parameters, a token request's code_verifier
        // among them: an operator who raises Default to see more must name OpenIddict to see those too.
        ["Logging:LogLevel:OpenIddict"] = "Warning",
        ["Logging:Console:FormatterName"] = "simple",
        ["Logging:Console:FormatterOptions:IncludeScopes"] = "true", // the trace and span ids, on a line under each entry
    };

    /// <exception cref="DirectoryNotFoundException">A --contentRoot that is no folder.</exception>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot.Choose(args) });
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        return builder;
    }
}
