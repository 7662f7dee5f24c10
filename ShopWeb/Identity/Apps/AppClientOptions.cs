using Microsoft.Extensions.Options;

namespace ShopWeb.Identity.Apps;

/// <summary>The <c>Api:Clients</c> list: the apps allowed to sign shoppers in, each a public client (no secret, PKCE).</summary>
public sealed class AppClientOptions
{
    public const string Section = "Api";

    public List<AppClient> Clients { get; set; } = [];
}

public sealed class AppClient
{
    public string? ClientId { get; set; }

    /// <summary>The name shoppers see beside the sign-in on /account/security/devices.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Where the code may be sent, compared with the request's redirect_uri character for character.</summary>
    public List<string> RedirectUris { get; set; } = [];
}

internal sealed class AppClientOptionsValidator : IValidateOptions<AppClientOptions>
{
    public ValidateOptionsResult Validate(string? name, AppClientOptions options)
    {
        var problems = new List<string>();
        for (var i = 0; i < options.Clients.Count; i++)
        {
            var client = options.Clients[i];
            var key = $"Api:Clients:{i}";
            if (string.IsNullOrWhiteSpace(client.ClientId) || client.ClientId.Length > 100 || client.ClientId.Trim() != client.ClientId)
            {
                problems.Add($"{key}:ClientId must be set, at most 100 characters, without spaces around it.");
            }

            if (string.IsNullOrWhiteSpace(client.DisplayName) || client.DisplayName.Length > 100)
            {
                problems.Add($"{key}:DisplayName must be set (at most 100 characters): shoppers see it among their devices.");
            }

            if (client.RedirectUris.Count == 0)
            {
                problems.Add($"{key}:RedirectUris must list at least one address.");
            }

            for (var j = 0; j < client.RedirectUris.Count; j++)
            {
                // OAuth 2.0 (RFC 6749 3.1.2): an absolute URI without a fragment; an app's own scheme is one.
                // On Linux "/path" parses as an absolute file: URI, which is no address an app can be sent to.
                if (!Uri.TryCreate(client.RedirectUris[j], UriKind.Absolute, out var uri) || uri.IsFile || uri.IsUnc
                    || !uri.IsWellFormedOriginalString() || !string.IsNullOrEmpty(uri.Fragment))
                {
                    problems.Add($"{key}:RedirectUris:{j} must be an absolute address without a fragment ('{client.RedirectUris[j]}').");
                }
                else if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
                {
                    // RFC 8252: plain HTTP only to the device itself, where no network sees the code.
                    problems.Add($"{key}:RedirectUris:{j} uses plain http to another machine ('{uri}'): use https, the app's own scheme, or a loopback address.");
                }
            }
        }

        foreach (var twice in options.Clients.GroupBy(c => c.ClientId, StringComparer.Ordinal).Where(g => g.Key is not null && g.Count() > 1))
        {
            problems.Add($"Api:Clients names the client '{twice.Key}' more than once.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
