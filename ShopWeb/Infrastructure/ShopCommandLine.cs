namespace ShopWeb.Infrastructure;

/// <summary>
/// What the command line asks for before any host is built, besides the store and catalog commands: the usage, or a
/// word that is no command. A mistyped command ("bakup") must say so, not start the shop on the store it meant to
/// copy. Settings stay as the host reads them: <c>--key=value</c>, <c>--key value</c>, <c>/key value</c> or <c>key=value</c>.
/// </summary>
internal static class ShopCommandLine
{
    public const string Usage = """
        Usage: dotnet ShopWeb.dll [command] [--Key=value ...]
          (no command)                     run the shop; settings as in README's configuration table, such as
                                           --urls=http://0.0.0.0:8080 or --ConnectionStrings:Shop="Data Source=shop.db"
          backup FILE                      copy the SQLite store to FILE, while the shop runs (PostgreSQL: pg_dump)
          restore FILE                     replace the SQLite store with FILE (the shop stopped)
          catalog export FILE              write the whole catalog to FILE as CSV (never overwrites a file)
          catalog import FILE [--apply]    check a catalog CSV and show what it would change; with --apply, apply it
          help                             this text
        """;

    /// <summary>The exit code when the command line is the usage or no command (printed here); null to go on.</summary>
    public static int? Answer(string[] args)
    {
        if (args is ["help" or "--help" or "-h" or "-?" or "/?", ..])
        {
            Console.WriteLine(Usage);
            return 0;
        }

        if (StrayWord(args) is not { } word)
        {
            return null;
        }

        // A command after a setting ("--urls … backup FILE") would otherwise start a second shop on the store.
        Console.Error.WriteLine(word.Index == 0 || !Commands.Contains(word.Text)
            ? $"ShopWeb has no command '{word.Text}'."
            : $"Put the command first: dotnet ShopWeb.dll {word.Text} … [settings].");
        Console.Error.WriteLine(Usage);
        return 2;
    }

    private static readonly string[] Commands = ["backup", "restore", "catalog", "help"];

    /// <summary>
    /// For a command's words after its file: the first that is not a setting (a stray word, or a key with no value,
    /// such as a mistyped "--aply"), with the sentence that says so; null when all are settings. The host would pass
    /// over either in silence, and the command would run as if it had not been given.
    /// </summary>
    public static string? NotASetting(IReadOnlyList<string> settings)
    {
        for (var i = 0; i < settings.Count; i++)
        {
            var arg = settings[i];
            var isKey = arg.StartsWith('-') || arg.StartsWith('/');
            if (arg.Contains('=', StringComparison.Ordinal) && !arg.StartsWith('='))
            {
                continue; // --key=value, /key=value or key=value
            }

            // --key value, the value an absolute path too (--contentRoot /srv/shop); not one that is itself a setting, which
            // the host would swallow as this key's value (a mistyped "--aply --Key=value" loses the setting in silence).
            if (isKey && i + 1 < settings.Count && !settings[i + 1].StartsWith('-') && !(settings[i + 1].StartsWith('/') && settings[i + 1].Contains('=', StringComparison.Ordinal)))
            {
                i++;
                continue;
            }

            return $"'{arg}' is neither a setting (--Key=value) nor an option of this command.";
        }

        return null;
    }

    /// <summary>The first word that is neither a setting's key nor its value, as the host reads them; null when none.</summary>
    private static (string Text, int Index)? StrayWord(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg.StartsWith('-') || arg.StartsWith('/'))
            {
                i += arg.Contains('=', StringComparison.Ordinal) ? 0 : 1; // --key=value, or --key followed by its value
            }
            else if (!arg.Contains('=', StringComparison.Ordinal))
            {
                return (arg, i);
            }
        }

        return null;
    }
}
