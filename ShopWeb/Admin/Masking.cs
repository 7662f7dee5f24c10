namespace ShopWeb.Admin;

/// <summary>How personal fields look to an admin until they choose to reveal them (which is recorded).</summary>
public static class Masking
{
    public static string Email(string? email)
    {
        if (string.IsNullOrEmpty(email) || email.IndexOf('@') is var at && at < 1)
        {
            return "•••";
        }

        return email[0] + "•••" + email[at..];
    }

    public static string Text(string? value) => string.IsNullOrEmpty(value) ? "" : value[0] + "•••";
}
