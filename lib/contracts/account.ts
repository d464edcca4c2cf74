// Account shapes and rules, shared by web's routes and the browser's forms.
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './rules';
import { lineText } from './text';

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };

const PasswordSchema = z
  .string({ message: 'password is required' })
  .min(PASSWORD_MIN_LENGTH, `password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `password must be at most ${PASSWORD_MAX_LENGTH} characters`);

export const RegisterSchema = z.strictObject({
  email: z
    .email('email must be a valid address')
    .max(254, 'email must be at most 254 characters')
    .transform((e) => e.toLowerCase()),
  password: PasswordSchema,
  name: lineText('name')
    .trim()
    .min(1, 'name must not be empty')
    .max(100, 'name must be at most 100 characters')
    .optional(),
});
export type Register = z.infer<typeof RegisterSchema>;

export const ChangePasswordSchema = z.strictObject({
  currentPassword: z.string({ message: 'currentPassword is required' }).min(1).max(PASSWORD_MAX_LENGTH),
  newPassword: PasswordSchema,
});
export type ChangePassword = z.infer<typeof ChangePasswordSchema>;
