namespace ShopWeb.Email;

/// <summary>One message to one recipient, in plain text and HTML.</summary>
public sealed record EmailMessage(string To, string Subject, string Text, string Html);
