namespace Dunning.PolicyLab;

/// <summary>How a command refuses its command line: the reason on standard error and exit code 2.</summary>
public static class Usage
{
    public const int BadArguments = 2;

    public static int Fail(string reason)
    {
        Console.Error.WriteLine(reason);
        return BadArguments;
    }
}
