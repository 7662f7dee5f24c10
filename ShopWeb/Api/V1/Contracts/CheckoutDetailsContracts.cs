namespace ShopWeb.Api.V1.Contracts;

/// <summary>
/// What pre-fills a signed-in shopper's checkout, as on the checkout page: the contact details only while "Save my contact
/// details" is on, the addresses only while "Save my shipping addresses" is on (the default first).
/// </summary>
public sealed record CheckoutDetailsResponse(string Email, ContactResponse? Contact, IReadOnlyList<SavedAddressResponse> Addresses, MeEndpoints.Choices Choices);

public sealed record ContactResponse(string FullName, string? Phone);

