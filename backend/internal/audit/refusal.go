package audit

import "context"

// InTxKeepingRefusals runs fn in one transaction (inTx) so a refusal's audit event survives
// it: a refusal (an error isRefusal names, always returned before fn writes anything but the
// refusal's audit event) commits, and is then returned; any other error rolls back.
func InTxKeepingRefusals(ctx context.Context, inTx func(context.Context, func(context.Context) error) error,
	isRefusal func(error) bool, fn func(context.Context) error) error {
	var refusal error
	err := inTx(ctx, func(ctx context.Context) error {
		err := fn(ctx)
		if isRefusal(err) {
			refusal = err
			return nil
		}
		return err
	})
	if err != nil {
		return err
	}
	return refusal
}
