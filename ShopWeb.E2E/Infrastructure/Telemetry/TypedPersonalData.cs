using System.Collections.Concurrent;

namespace ShopWeb.E2E.Infrastructure.Telemetry;

/// <summary>
/// Every personal value the journeys type or receive, recorded as the steps make it, with its kind: the list
/// <see cref="ExportedTelemetryTests"/> looks for in what the shops exported over the whole run.
/// </summary>
public static class TypedPersonalData
{
    private static readonly ConcurrentDictionary<string, string> Kinds = new(StringComparer.Ordinal)
    {
        [ShopServer.AdminEmail] = "an email address",
        [ShopServer.AdminPassword] = "a password",
        [ShopperSteps.Password] = "a password",
    };

    /// <summary>Each value with its kind ("an email address", ...).</summary>
    public static IReadOnlyDictionary<string, string> ByValue => Kinds;

    /// <summary>A new shopper's address, unique to the journey; its local part is recorded too.</summary>
    public static string Email(string purpose)
    {
        var email = $"{purpose}-{Guid.NewGuid():N}@example.com";
        Record("an email address", email[..email.IndexOf('@', StringComparison.Ordinal)]);
        return Record("an email address", email);
    }

    public static string Name(string value) => Record("a name", value);

    public static string Phone(string value) => Record("a phone number", value);

    public static string PostalAddress(string value) => Record("a postal address", value);

    public static string AuthenticatorKey(string value) => Record("an authenticator key", value.Replace(" ", "", StringComparison.Ordinal));

    public static string RecoveryCode(string value) => Record("a recovery code", value);

    /// <summary>Every query value of an emailed link (the user id and the token of a confirmation or reset link).</summary>
    public static string Link(string link)
    {
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(link).Query);
        foreach (var name in query.AllKeys)
        {
            Record("a token in an emailed link", query[name]!);
        }

        return link;
    }

    private static string Record(string kind, string value)
    {
        Kinds.TryAdd(value, kind);
        return value;
    }
}
