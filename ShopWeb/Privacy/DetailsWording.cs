using ShopWeb.Data;

namespace ShopWeb.Privacy;

/// <summary>
/// The words beside each "save my details" checkbox. The ledger records the exact text and its version with
/// every decision, so a change of wording here needs a new version.
/// </summary>
public static class DetailsWording
{
    public static readonly Wording ContactDetails = new(
        "Save my contact details",
        "Keep my full name and phone number on my account to fill in my next order. Off: you type them at each order.",
        "contact-2026-11");

    public static readonly Wording ShippingAddresses = new(
        "Save my shipping addresses",
        "Keep the addresses I ship to on my account to fill in my next order. Off: you type the address at each order.",
        "addresses-2026-11");

    /// <summary>Where a decision was made, in words, from the page's path the ledger keeps ("/checkout": "Checkout").</summary>
    public static string Place(string page) => page switch
    {
        "/account/register" => "Registration",
        "/account/profile" => "Profile",
        "/checkout" => "Checkout",
        Api.ApiPaths.ConsentPlace => "An app",
        _ => page,
    };

    public static Wording For(DetailsChoice choice) => choice switch
    {
        DetailsChoice.ContactDetails => ContactDetails,
        DetailsChoice.ShippingAddresses => ShippingAddresses,
        _ => throw new ArgumentOutOfRangeException(nameof(choice)),
    };

    public sealed record Wording(string Label, string Hint, string Version)
    {
        /// <summary>All the shopper saw: the label and the hint under it.</summary>
        public string Shown => $"{Label}. {Hint}";
    }
}
