using Xunit;

// Every host sets ApieClient.Current, which is one per process: these tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
