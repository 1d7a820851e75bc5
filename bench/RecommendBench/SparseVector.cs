namespace PaperFeed.Bench;

/// <summary>A row of a sparse matrix: feature indices in ascending order and their values.</summary>
internal sealed record SparseVector(int[] Indices, double[] Values)
{
    public double Dot(double[] dense)
    {
        var sum = 0.0;
        for (var k = 0; k < Indices.Length; k++)
        {
            sum += Values[k] * dense[Indices[k]];
        }

        return sum;
    }

    public double SquaredNorm() => Values.Sum(v => v * v);
}
