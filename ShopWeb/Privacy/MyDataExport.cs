using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using ShopWeb.Data;
using ShopWeb.Identity.Apps;

namespace ShopWeb.Privacy;

/// <summary>
/// Everything the shop keeps about one shopper, as one JSON document: the account, saved details, the consent
/// ledger, orders, cart, activity, the signed-in sessions, apps and passkeys, and the emails kept. Each new kind of
/// personal data joins this export when it is added.
/// </summary>
public sealed class MyDataExport(ShopDbContext db, TimeProvider clock, UserManager<ApplicationUser> users, AppSignIns appSignIns)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(), new UtcTimes() },
    };

    public async Task<byte[]> ForAsync(ApplicationUser user, CancellationToken cancellationToken = default)
    {
        var contact = await db.SavedContacts.AsNoTracking().FirstOrDefaultAsync(c => c.UserId == user.Id, cancellationToken);
        var addresses = await db.SavedAddresses.AsNoTracking().Where(a => a.UserId == user.Id).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var ledger = await db.ConsentRecords.AsNoTracking().Where(r => r.UserId == user.Id).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var orders = await db.Orders.AsNoTracking().Include(o => o.Lines).Where(o => o.UserId == user.Id).OrderBy(o => o.PlacedAt).ToListAsync(cancellationToken);
        var cart = await db.Carts.AsNoTracking().Where(c => c.UserId == user.Id).SelectMany(c => c.Lines)
            .Select(l => new { Product = l.Product!.Name, l.Quantity }).ToListAsync(cancellationToken);
        var activity = await db.SecurityEvents.AsNoTracking().Where(e => e.UserId == user.Id).OrderBy(e => e.At).ToListAsync(cancellationToken);
        var sessions = await db.UserSessions.AsNoTracking().Where(s => s.UserId == user.Id).OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
        var apps = await appSignIns.OfAsync(user.Id, cancellationToken);
        var passkeys = await users.GetPasskeysAsync(user);
        var emails = await Email.EmailOutbox.OfAccount(db, user.Id, user.Email).AsNoTracking().OrderBy(e => e.Id)
            .Select(e => new { e.To, e.Subject, e.CreatedAt, e.SentAt, e.Status, e.Text }).ToListAsync(cancellationToken);

        var document = new
        {
            ExportedAt = clock.GetUtcNow(),
            Account = new
            {
                user.Id,
                user.Email,
                user.EmailConfirmed,
                user.CreatedAt,
                user.SaveContactDetails,
                user.SaveShippingAddresses,
                user.TwoFactorEnabled,
                user.LockoutEnd,
                user.AccessFailedCount,
            },
            ContactDetails = contact is null ? null : new { contact.FullName, contact.Phone, contact.UpdatedAt },
            Addresses = addresses.Select(a => new { a.Name, a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country, a.IsDefault, a.CreatedAt }),
            ConsentHistory = ledger.Select(r => new { r.Choice, Decision = r.Granted ? "on" : "off", r.RecordedAt, r.Page, r.Wording, r.WordingVersion }),
            Orders = orders.Select(o => new
            {
                o.Number, o.Status, o.PlacedAt, o.Payment, o.Shipping, o.Currency, o.SubtotalMinor, o.ShippingMinor, o.TaxMinor, o.TotalMinor,
                o.Email, o.FullName, o.Phone,
                ShipTo = new { o.ShipName, o.Line1, o.Line2, o.City, o.Region, o.PostalCode, o.Country },
                Lines = o.Lines.Select(l => new { l.ProductName, l.OptionText, l.Sku, l.UnitPriceMinor, l.Quantity }),
            }),
            Cart = cart,
            SecurityActivity = activity.Select(e => new { e.At, e.Kind, e.IpAddress, e.UserAgent, e.Detail }),
            Sessions = sessions.Select(s => new { s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.IsPersistent, s.UserAgent, s.IpAddress }),
            AppSignIns = apps.Select(a => new { App = a.AppName, SignedInAt = a.FirstUse, LastUsedAt = a.LastUse }),
            // All the shop stores of each: the public half of the key and what the browser said when it was added.
            Passkeys = passkeys.Select(p => new
            {
                p.Name, AddedAt = p.CreatedAt, p.CredentialId, p.PublicKey, p.SignCount, p.Transports, p.IsUserVerified, p.IsBackupEligible,
                p.IsBackedUp, p.AttestationObject, p.ClientDataJson,
            }),
            Emails = emails, // their text until some days after sending (Email:KeepDeliveredDays), then null
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, Json);
    }

    /// <summary>Every time in UTC with a "Z" (2026-12-06T22:40:15.328Z), as the API writes the orders' times, not "+00:00".</summary>
    private sealed class UtcTimes : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value.UtcDateTime);
    }
}
