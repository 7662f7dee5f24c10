using System.Security.Claims;
using System.Text.Json;
using ShopWeb.Data;

namespace ShopWeb.Admin;

/// <summary>
/// Adds an audit entry to the same unit of work as the change it describes, so the entry and the change are
/// saved together or not at all.
/// </summary>
public sealed class AdminAudit(ShopDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>An entry's before or after as kept: the same shape whoever records it (a page, a command).</summary>
    public static string ToJson(object value) => JsonSerializer.Serialize(value, Json);

    /// <summary>Who an entry names when a shopper, not an admin, did what it records.</summary>
    public const string ShopperActor = "the shopper";

    /// <summary>Who an entry names when the payment provider's signal did it.</summary>
    public const string ProviderActor = "the payment provider";

    public void Record(string action, string entityType, string entityId, object? before, object? after, string? reason = null)
    {
        var context = http.HttpContext ?? throw new InvalidOperationException("Admin writes happen in requests.");

        // A shopper's own act that the shop audits (cancelling a paid order refunds it) names no one: the log cannot
        // be changed afterwards, so it must never hold a shopper's email or address, which their account's deletion erases.
        var admin = context.User.IsInRole(AdminBootstrap.Role);
        var nobody = context.Request.Path.StartsWithSegments("/payments") ? ProviderActor : ShopperActor; // a webhook, or a shopper
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            ActorId = admin ? context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown" : nobody,
            ActorEmail = admin ? context.User.Identity?.Name ?? "unknown" : nobody,
            IpAddress = admin ? context.Connection.RemoteIpAddress?.ToString() : null,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Before = before is null ? null : ToJson(before),
            After = after is null ? null : ToJson(after),
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
        });
    }
}
