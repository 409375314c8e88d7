import { i18next } from '../../i18n';

/** Strings of the join page's account checks (registered when the join page loads). */
const en = {
  join: {
    passwordHint:
      'At least 10 characters and hard to guess: a few unrelated words work well. Avoid your name, your email and common passwords.',
    weakPassword: 'This password is too easy to guess. Use a longer one, for example a few unrelated words.',
    passwordTooShort: 'The password needs at least {{min}} characters.',
    passwordTooLong: 'The password can have at most {{max}} characters.',
    credentials:
      'This email cannot be used with that password. If you already have an account, enter its password — or sign in first and open this link again.',
    haveAccount: 'Already have an account?',
    signInFirst: 'Sign in first',
  },
};

const es: typeof en = {
  join: {
    passwordHint:
      'Al menos 10 caracteres y difícil de adivinar: unas cuantas palabras sin relación funcionan bien. Evite su nombre, su correo y las contraseñas comunes.',
    weakPassword:
      'Esta contraseña es demasiado fácil de adivinar. Use una más larga, por ejemplo varias palabras sin relación.',
    passwordTooShort: 'La contraseña debe tener al menos {{min}} caracteres.',
    passwordTooLong: 'La contraseña puede tener como máximo {{max}} caracteres.',
    credentials:
      'Este correo no se puede usar con esa contraseña. Si ya tiene una cuenta, escriba su contraseña, o inicie sesión primero y vuelva a abrir este enlace.',
    haveAccount: '¿Ya tiene una cuenta?',
    signInFirst: 'Inicie sesión primero',
  },
};

i18next.addResourceBundle('en', 'translation', en, true, false);
i18next.addResourceBundle('es', 'translation', es, true, false);
