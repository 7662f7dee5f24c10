namespace ShopWeb.Email;

/// <summary>One message to one recipient, in plain text and HTML.</summary>
/// <param name="OrderNumber">The order an email is about, so that it goes with the order's personal details when its account is deleted.</param>
/// <param name="AccountId">The account an email is about, so that it goes with the account, whatever address it went to.</param>
public sealed record EmailMessage(string To, string Subject, string Text, string Html, string? OrderNumber = null, string? AccountId = null);
