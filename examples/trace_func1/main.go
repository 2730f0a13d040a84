// The context articles' func1: a recursion that starts one span per layer
// from the context it is handed, so every layer shares the trace id.
package main

import (
	"context"
	"fmt"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

var tracer = sdktrace.NewTracerProvider().Tracer("func1")

func func1(ctx context.Context, n int) {
	if n == 0 {
		return
	}
	ctx, span := tracer.Start(ctx, fmt.Sprintf("func1-%d", n))
	defer span.End()
	sc := span.SpanContext()
	fmt.Printf("span context %d, traceID: %s, spanID: %s\n", n, sc.TraceID(), sc.SpanID())
	func1(ctx, n-1)
}

func main() {
	func1(context.Background(), 5)
}
