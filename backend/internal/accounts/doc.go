// Package accounts holds the portal's accounts (students, guardians and staff) and their
// credentials.
//
// Secrets a person chooses (passwords, PINs, security answers, picture passwords) are only
// ever stored as argon2id hashes made by a [Hasher], which carries its parameters in each
// hash so they can be raised later and limits how many hashes run at once. Callers hash the
// normalised form the policy core defines: policy.NormalizePassword for passwords,
// policy.FoldAnswer for answers.
//
// School-issued default passwords are the exception: staff in scope may view them until the
// student replaces them, so a [Sealer] encrypts them at rest with XChaCha20-Poly1305 under
// a key named by id, which lets keys rotate and lets a district regenerate thousands of
// default passwords without hours of hashing.
package accounts
