namespace Londiste.Tests.Cli;

/// <summary>Config files for one test, in a temporary folder deleted at the end.</summary>
public sealed class ConfigFiles : IDisposable
{
    public ConfigFiles()
    {
        Folder = Path.Combine(Path.GetTempPath(), "londiste-cli-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Folder);
        // The original londiste does not create the log folder itself.
        Directory.CreateDirectory(Path.Combine(Folder, "log"));
    }

    public string Folder { get; }

    public string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A node config: [londiste3] as in the seed, logs in the test folder.</summary>
    public string Node(string jobName, string db, string queue = "replika", string extra = "", string section = "londiste3") =>
        Write(jobName + ".ini", $"""
            [{section}]
            job_name = {jobName}
            db = {db}
            queue_name = {queue}
            logfile = {Folder}/log/%(job_name)s.log
            pidfile = {Folder}/pid/%(job_name)s.pid
            {extra}

            """);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
